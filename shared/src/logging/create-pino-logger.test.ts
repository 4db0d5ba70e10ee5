import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPinoLogger } from './create-pino-logger.js';
import { createStderrLogger } from './stderr-logger.js';

function sink(): { write(line: string): void; lines: () => Array<Record<string, unknown>> } {
  const written: string[] = [];
  return {
    write: (line) => void written.push(line),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createPinoLogger', () => {
  it('censors credential fields by path and scrubs known secrets anywhere in the line', async () => {
    const destination = sink();
    const logger = await createPinoLogger({
      destination,
      env: { ANTHROPIC_API_KEY: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123' },
      name: 'api',
    });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def', 'x-api-key': 'k-1234567890' } },
        apiKey: 'whatever',
        note: 'key=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123',
      },
      'upstream call',
    );
    const [line] = destination.lines();
    expect(line).toMatchObject({ msg: 'upstream call', name: 'api', apiKey: '[REDACTED]' });
    expect((line!.req as { headers: Record<string, string> }).headers).toEqual({
      authorization: '[REDACTED]',
      'x-api-key': '[REDACTED]',
    });
    expect(JSON.stringify(line)).not.toContain('abcdefghijklmnopqrstuvwxyz0123');
  });

  it('adds the context fields (trace ids) to every line', async () => {
    const destination = sink();
    const logger = await createPinoLogger({
      destination,
      secrets: [],
      context: () => ({ trace_id: 't'.repeat(32), span_id: 's'.repeat(16) }),
    });
    logger.warn('slow');
    expect(destination.lines()[0]).toMatchObject({ trace_id: 't'.repeat(32), span_id: 's'.repeat(16), msg: 'slow' });
  });
});

describe('createStderrLogger context', () => {
  it('appends trace_id and span_id when the context has them, nothing otherwise', () => {
    const stream = new PassThrough();
    const current: { ids?: Record<string, string> } = {};
    const logger = createStderrLogger({ level: 'debug', stream, context: () => current.ids });
    logger.warn('plain');
    current.ids = { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) };
    logger.warn('traced', { agent: 'claude' });
    expect(String(stream.read()).split('\n')).toEqual([
      'payready: warn: plain',
      `payready: warn: traced {"agent":"claude","trace_id":"${'a'.repeat(32)}","span_id":"${'b'.repeat(16)}"}`,
      '',
    ]);
  });
});
