import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createTempHome,
  runCli,
  startFakeAnthropic,
  startFakeOpenAI,
  type FakeAnthropic,
  type FakeOpenAI,
  type TempHome,
} from '../test-utils/src/index.js';

// Issue 3's end-to-end cases: the built CLI, the real SDKs, and fakes speaking the Anthropic and OpenAI
// wire protocols. The cache and breaker state are per test (a fresh home), so no test sees another's.
let anthropic: FakeAnthropic;
let openai: FakeOpenAI;
let home: TempHome;

beforeAll(async () => {
  anthropic = await startFakeAnthropic({ apiKey: 'sk-ant-e2e' });
  openai = await startFakeOpenAI({ apiKey: 'sk-oai-e2e' });
});
afterAll(async () => {
  await anthropic.close();
  await openai.close();
});
beforeEach(() => {
  home?.cleanup();
  home = createTempHome();
  anthropic.setHandler(() => ({ kind: 'text', text: 'from claude' }));
  openai.setHandler(() => ({ kind: 'text', text: 'from codex' }));
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...home.env,
    ANTHROPIC_API_KEY: 'sk-ant-e2e',
    ANTHROPIC_BASE_URL: anthropic.url,
    OPENAI_API_KEY: 'sk-oai-e2e',
    OPENAI_BASE_URL: openai.url,
    PAYREADY_ROUTING__BACKOFF_MS: '5',
    PAYREADY_ROUTING__MAX_RETRIES: '2',
    ...extra,
  };
}

type AskJson = {
  agent: string;
  answer: string;
  attempts: Array<{ agent: string; ok: boolean; errorKind: string | null; status?: number }>;
};

describe('agents through the built CLI', () => {
  it('claude answers 529 on every try → codex answers, exit 0, attempts show both', async () => {
    anthropic.setHandler(() => ({ kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' }));
    const run = await runCli(['ask', '--json', '--agent', 'claude', 'explain the CAP theorem'], { env: env() });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as AskJson;
    expect(result).toMatchObject({ agent: 'codex', answer: 'from codex' });
    expect(result.attempts.map((attempt) => [attempt.agent, attempt.ok, attempt.errorKind])).toEqual([
      ['claude', false, 'overloaded'],
      ['claude', false, 'overloaded'],
      ['claude', false, 'overloaded'],
      ['codex', true, null],
    ]);
  });

  it('every agent fails → exit 1 and a per-attempt summary on stderr', async () => {
    anthropic.setHandler(() => ({ kind: 'error', status: 500, type: 'api_error', message: 'boom' }));
    openai.setHandler(() => ({ kind: 'error', status: 500, type: 'server_error', message: 'boom' }));
    const run = await runCli(['ask', '--agent', 'claude', 'hello'], {
      env: env({ PAYREADY_AGENTS__LOCAL__ENABLED: 'false' }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/every agent failed/);
    expect(run.stderr).toMatch(/claude: internal \(500\)/);
    expect(run.stderr).toMatch(/codex(?: retry \d)?: internal \(500\)/);
  });

  it('bad_request → no fallback, exit 1 with the upstream message', async () => {
    anthropic.setHandler(() => ({
      kind: 'error',
      status: 400,
      type: 'invalid_request_error',
      message: 'max_tokens: must be at most 8192',
    }));
    const before = openai.requestCount;
    const run = await runCli(['ask', '--agent', 'claude', 'hello'], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('max_tokens: must be at most 8192');
    expect(openai.requestCount).toBe(before);
  });

  it('429 on every try of every candidate → exit 4', async () => {
    anthropic.setHandler(() => ({
      kind: 'error',
      status: 429,
      type: 'rate_limit_error',
      message: 'slow down',
      headers: { 'retry-after': '0' },
    }));
    openai.setHandler(() => ({
      kind: 'error',
      status: 429,
      type: 'rate_limit_exceeded',
      message: 'slow down',
      headers: { 'retry-after': '0' },
    }));
    const run = await runCli(['ask', '--agent', 'claude', 'hello'], {
      env: env({ PAYREADY_AGENTS__LOCAL__ENABLED: 'false' }),
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('rate-limited by every agent after retries');
  });

  it('a server that hangs with --deadline 2s → exit 5 within the deadline', async () => {
    anthropic.setHandler(() => ({ kind: 'hang' }));
    const run = await runCli(['ask', '--agent', 'claude', '--no-fallback', '--deadline', '2s', 'hello'], {
      env: env(),
    });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('deadline of 2000 ms exceeded');
    expect(run.ms).toBeLessThan(20_000); // a hang guard for a loaded CI machine, not a timing assertion
  });

  it('the key never reaches stdout or stderr, even when the upstream echoes it', async () => {
    anthropic.setHandler(() => ({
      kind: 'error',
      status: 401,
      type: 'authentication_error',
      message: 'invalid x-api-key sk-ant-e2e',
    }));
    const run = await runCli(['ask', '--agent', 'claude', '--no-fallback', 'hello'], { env: env() });
    expect(run.code).toBe(3);
    expect(run.stdout + run.stderr).not.toContain('sk-ant-e2e');
  });
});
