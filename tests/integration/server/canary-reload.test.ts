import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canarySide } from '../../../core/src/canary/canary-split.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test-utils/src/index.js';
import { killAllServes, postJson, serveHome, sleep, startServe, type ServeProcess } from './serve-process.js';

// A changed canary percent reaches a running `payready serve` through its config watcher: the next
// requests split by the new share, with no restart.
let openai: FakeOpenAI;
let serve: ServeProcess;
let home: ReturnType<typeof serveHome>;

// The test polls 16 asks at a time until the reload shows; the default budget (burst 60) would cut that short.
const config = (percent: number) =>
  `agents:\n  codex:\n    model: gpt-5-mini\n    canary: {model: gpt-5, percent: ${percent}}\n  claude: {enabled: false}\n` +
  `server:\n  rate_limit: {requests_per_minute: 100000, burst: 10000}\n`;
const questions = Array.from({ length: 16 }, (_, index) => `how is shard ${index} doing?`);

beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-oai-it' });
  openai.setHandler((request) => ({ kind: 'text', text: `answered by ${(request.body as { model: string }).model}` }));
  home = serveHome(config(0));
  serve = await startServe({
    env: { ...home.env, OPENAI_API_KEY: 'sk-oai-it', OPENAI_BASE_URL: openai.url },
    args: ['--config', home.configFile],
  });
});
afterAll(async () => {
  await serve?.stop();
  killAllServes();
  home?.cleanup();
  await openai?.close();
});

/** Each question's side as the server answers it, checked against the model the fake was asked for. */
async function sides(): Promise<string[]> {
  return Promise.all(
    questions.map(async (prompt) => {
      const { json } = await postJson(`${serve.url}/v1/ask`, { prompt, agent: 'codex', cache: false });
      const { variant, answer } = json as { variant: string; answer: string };
      expect(answer, JSON.stringify(json)).toBe(`answered by ${variant === 'canary' ? 'gpt-5' : 'gpt-5-mini'}`);
      return variant;
    }),
  );
}

async function eventually(expected: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (let seen = await sides(); JSON.stringify(seen) !== JSON.stringify(expected); seen = await sides()) {
    if (Date.now() > deadline) throw new Error(`the split never became ${expected.join(',')}; last: ${seen.join(',')}`);
    await sleep(100);
  }
}

describe('canary percent through hot reload', () => {
  it('0 % → 50 % → 100 % applies to the next requests without a restart', async () => {
    expect(await sides()).toEqual(questions.map(() => 'stable'));
    const half = questions.map((query) => canarySide('codex', query, 50));
    expect(new Set(half)).toEqual(new Set(['stable', 'canary']));
    home.write(config(50));
    await eventually(half);
    home.write(config(100));
    await eventually(questions.map(() => 'canary'));
    expect(serve.logs()).toContain('config reloaded');
  });
});
