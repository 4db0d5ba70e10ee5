import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createRedactor, REDACTED } from './create-redactor.js';
import { redactDeep } from './redact-deep.js';
import { PINO_REDACT_PATHS } from './pino-redact-paths.js';
import { secretsFromEnv } from './secrets-from-env.js';

const SECRET = 'tvly-abcdefghijklmnopqrstu';
const redactor = createRedactor({ secrets: [SECRET] });

describe('redactDeep', () => {
  it('redacts strings at any depth and credential-named fields, without mutating the input', () => {
    const input = {
      answer: `the key is ${SECRET}`,
      attempts: [{ error: `401 for ${Buffer.from(SECRET).toString('base64')}` }],
      headers: { Authorization: 'anything', 'x-api-key': 'abc', accept: 'json' },
      config: { apiKey: 'k', api_key: 'k', timeout: 5, enabled: true, nothing: null },
      tags: new Set([SECRET]),
      extra: new Map([['cookie', 'c=1']]),
      when: new Date(0),
      where: new URL(`https://example.com/?api_key=${SECRET}`),
    };
    const { where: _where, ...cloneable } = input;
    const snapshot = structuredClone(cloneable);
    const output = redactDeep(input, redactor);
    expect(cloneable).toEqual(snapshot);
    expect(input.where.href).toContain(SECRET);
    expect(output.answer).toBe(`the key is ${REDACTED}`);
    expect(output.attempts[0]!.error).toBe(`401 for ${REDACTED}`);
    expect(output.headers).toEqual({ Authorization: REDACTED, 'x-api-key': REDACTED, accept: 'json' });
    expect(output.config).toEqual({ apiKey: REDACTED, api_key: REDACTED, timeout: 5, enabled: true, nothing: null });
    expect([...output.tags]).toEqual([REDACTED]);
    expect(output.extra.get('cookie')).toBe(REDACTED);
    expect(output.when).toBe('1970-01-01T00:00:00.000Z');
    expect(String(output.where)).not.toContain(SECRET);
    expect(JSON.stringify(output)).not.toContain(SECRET);
  });

  it('keeps Error instances, redacting message, stack and cause', () => {
    const error = new TypeError(`bad key ${SECRET}`, { cause: new Error(SECRET) });
    const output = redactDeep({ error }, redactor).error;
    expect(output).toBeInstanceOf(TypeError);
    expect(output.message).toBe(`bad key ${REDACTED}`);
    expect(output.stack).not.toContain(SECRET);
    expect((output.cause as Error).message).toBe(REDACTED);
  });

  it('survives cycles', () => {
    const node: Record<string, unknown> = { name: SECRET };
    node.self = node;
    expect(redactDeep(node, redactor)).toEqual({ name: REDACTED, self: '[Circular]' });
  });
});

describe('PINO_REDACT_PATHS', () => {
  it('compiles in pino and hides header and key fields', () => {
    let written = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.toString();
        callback();
      },
    });
    const logger = pino({ redact: { paths: [...PINO_REDACT_PATHS], censor: REDACTED } }, stream);
    logger.info({
      authorization: 'a1',
      'x-api-key': 'a2',
      'api-key': 'a3',
      cookie: 'a4',
      'set-cookie': ['a5'],
      apiKey: 'a6',
      options: { apiKey: 'a7', api_key: 'a8' },
      req: { headers: { authorization: 'a9', 'x-api-key': 'a10' } },
    });
    expect(written).not.toMatch(/"a\d+"/);
    expect(written.match(/\[REDACTED\]/g)?.length).toBe(10);
  });
});

describe('secretsFromEnv', () => {
  it('collects credential-named variables only', () => {
    const env = {
      ANTHROPIC_API_KEY: 'a',
      GITHUB_TOKEN: 'b',
      PAYREADY_ENCRYPTION_KEY: 'c',
      HOME: '/h',
      EMPTY_API_KEY: '',
    };
    expect(secretsFromEnv(env).sort()).toEqual(['a', 'b', 'c']);
  });
});
