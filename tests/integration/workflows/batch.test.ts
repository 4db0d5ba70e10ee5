import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempHome } from '../../test-utils/src/index.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test-utils/src/fake-openai.js';
import type { RecordedRequest } from '../../test-utils/src/http-fixture.js';
import { cli, inputMessages, OPENAI_KEY, openAIHome } from './workflow-helpers.js';

// `payready ask --batch` against a fake OpenAI server that fails some items and answers the rest after a
// random delay (so completion order differs from input order).

interface BatchResult {
  id: unknown;
  line: number;
  ok: boolean;
  answer?: string;
  agent?: string;
  attempts: Array<{ agent: string; ok: boolean; errorKind: string | null }>;
  error?: { message: string; kind: string; exitCode: number; errorKind: string };
}

let fake: FakeOpenAI;
let home: TempHome & { env: Record<string, string> };

const lastUserText = (request: RecordedRequest) => inputMessages(request).at(-1)?.content ?? '';

// Requests inside the handler's delay at once: a bound on the CLI's concurrency without the lag of counting
// open connections (a response the client has finished may not have emitted 'close' on the server yet).
let waiting = 0;
let maxWaiting = 0;

beforeEach(async () => {
  waiting = 0;
  maxWaiting = 0;
  fake = await startFakeOpenAI({ apiKey: OPENAI_KEY });
  fake.setHandler(async (request) => {
    const text = lastUserText(request);
    maxWaiting = Math.max(maxWaiting, ++waiting);
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 15));
    waiting -= 1;
    if (text.includes('please fail')) return { kind: 'error', status: 400, message: `rejected: ${text}` };
    return { kind: 'text', text: `echo: ${text}` };
  });
  home = openAIHome(fake);
});
afterEach(async () => {
  home.cleanup();
  await fake.close();
});

const items = (count: number, failing: (index: number) => boolean = () => false) =>
  Array.from({ length: count }, (_, index) =>
    JSON.stringify({ id: index, query: `question ${index}${failing(index) ? ' please fail' : ''}` }),
  ).join('\n') + '\n';

const batch = async (args: string[], input: string) => {
  const run = await cli(['ask', '--batch', '--agent', 'codex', '--no-fallback', ...args], {
    env: home.env,
    input,
    cwd: home.root,
  });
  return {
    ...run,
    results: run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as BatchResult),
  };
};

describe('payready ask --batch', () => {
  it('500 items, some failing upstream: 500 results in input order, at most --concurrency in flight, exit 1', async () => {
    const failing = (index: number) => index % 7 === 3;
    const run = await batch(['--ordered', '--concurrency', '8'], items(500, failing));
    expect(run.code).toBe(1);
    expect(run.results).toHaveLength(500);
    expect(run.results.map((result) => result.id)).toEqual(Array.from({ length: 500 }, (_, index) => index));
    for (const [index, result] of run.results.entries()) {
      if (failing(index)) {
        expect(result).toMatchObject({
          ok: false,
          line: index + 1,
          error: { kind: 'failed', exitCode: 1, errorKind: 'bad_request' },
        });
        expect(result.error!.message).toContain(`rejected: question ${index} please fail`);
        expect(result.attempts).toEqual([
          expect.objectContaining({ agent: 'codex', ok: false, errorKind: 'bad_request' }),
        ]);
      } else {
        expect(result).toMatchObject({ ok: true, answer: `echo: question ${index}`, agent: 'codex' });
      }
    }
    expect(fake.requestCount).toBe(500);
    expect(maxWaiting).toBeLessThanOrEqual(8);
    expect(maxWaiting).toBeGreaterThan(1);
  });

  it('without --ordered writes results as they complete, default concurrency 4, exit 0 when all succeed', async () => {
    const run = await batch([], items(120));
    expect(run.code).toBe(0);
    expect(run.results.map((result) => result.id).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 120 }, (_, index) => index),
    );
    expect(run.results.every((result) => result.ok)).toBe(true);
    expect(maxWaiting).toBeLessThanOrEqual(4);
    expect(maxWaiting).toBeGreaterThan(1);
  });

  it('a bad line or an unknown agent is a failed result, not the end of the batch', async () => {
    const input = [
      '{"id":"a","query":"first"}',
      'not json',
      '{"id":"b"}',
      '',
      '{"id":"c","query":"x","agent":"nosuch"}',
      '{"id":"d","query":"last"}',
    ].join('\n');
    const run = await batch(['--ordered'], input);
    expect(run.code).toBe(1);
    expect(run.results.map((result) => [result.id, result.line, result.ok, result.error?.kind ?? null])).toEqual([
      ['a', 1, true, null],
      [null, 2, false, 'usage'],
      ['b', 3, false, 'usage'],
      ['c', 5, false, 'usage'],
      ['d', 6, true, null],
    ]);
    expect(run.results[2]!.error!.message).toContain('"query"');
    expect(run.results[3]!.error!.message).toContain('unknown agent "nosuch"');
  });

  it('shares the answer cache across items and runs: a repeated batch makes no upstream call', async () => {
    const first = await batch(['--ordered'], items(20));
    expect(first.code).toBe(0);
    expect(fake.requestCount).toBe(20);
    const second = await batch(['--ordered', '--json'], items(20));
    expect(second.code).toBe(0);
    expect(fake.requestCount).toBe(20);
    expect(second.results.every((result) => (result as BatchResult & { cached: boolean }).cached)).toBe(true);
  });

  it('rejects prompt words, a bad --concurrency and -c with --batch (exit 2)', async () => {
    expect((await cli(['ask', '--batch', 'hello'], { env: home.env, input: '' })).code).toBe(2);
    expect((await cli(['ask', '--batch', '--concurrency', '0'], { env: home.env, input: '' })).code).toBe(2);
    expect((await cli(['ask', '--batch', '-c'], { env: home.env, input: '' })).code).toBe(2);
    const empty = await cli(['ask', '--batch'], { env: home.env, input: '' });
    expect(empty).toMatchObject({ code: 0, stdout: '' });
  });
});
