import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentErrorKind, AgentSettings } from '@payready/agent-contract';
import { createClaudePlugin, registerPlugins } from '../../../plugins/official/claude/src/index.js';
import {
  testAgentRequest,
  testExecuteContext,
  type TestExecuteContextOptions,
} from '../../test-utils/src/agent-context.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../test-utils/src/fake-anthropic.js';
import type { FakeScenario } from '../../test-utils/src/http-fixture.js';
import { agentErrorOf, fakeBinary, processExists, refusedUrl, run } from './agent-test-helpers.js';

// The claude plugin driven through the real @anthropic-ai/sdk against a local fake of the Messages API.

const KEY = 'sk-ant-test-key-0123456789';
const plugin = createClaudePlugin();
let fake: FakeAnthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic({ apiKey: KEY });
});
afterEach(() => fake.close());

function context(options: TestExecuteContextOptions & { extraSettings?: AgentSettings } = {}) {
  return testExecuteContext({
    env: { ANTHROPIC_API_KEY: KEY },
    timeoutMs: 5000,
    ...options,
    settings: options.settings ?? {
      base_url: fake.url,
      model: 'claude-sonnet-5-5',
      max_tokens: 1024,
      ...options.extraSettings,
    },
  });
}

function ask(text = 'Why is the sky blue?', ctx = context()) {
  return run(plugin.execute(testAgentRequest(text), ctx));
}

describe('claude: streaming answers', () => {
  it('yields the text deltas in order, then one usage and one done with stop reason and model', async () => {
    fake.enqueue({
      kind: 'text',
      text: 'Hello, world!',
      chunks: ['Hel', 'lo, ', 'world', '!'],
      model: 'claude-sonnet-5-5-20990101',
      inputTokens: 31,
      outputTokens: 9,
    });
    const result = await ask();
    expect(result.error).toBeUndefined();
    expect(result.events).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo, ' },
      { type: 'text-delta', text: 'world' },
      { type: 'text-delta', text: '!' },
      { type: 'usage', inputTokens: 31, outputTokens: 9 },
      { type: 'done', finishReason: 'end_turn', model: 'claude-sonnet-5-5-20990101' },
    ]);
    expect(fake.requestCount).toBe(1);
  });

  it('handles an answer that arrives as a single delta', async () => {
    fake.enqueue({ kind: 'text', text: 'Short answer.', chunks: ['Short answer.'], stopReason: 'max_tokens' });
    const result = await ask();
    expect(result.text).toBe('Short answer.');
    expect(result.events.filter((event) => event.type === 'usage')).toHaveLength(1);
    expect(result.events.at(-1)).toEqual({ type: 'done', finishReason: 'max_tokens', model: 'claude-sonnet-5-5' });
  });

  it('sends the Messages API request shape: auth, version, model, max_tokens, system, history, stream', async () => {
    const ctx = context({ extraSettings: { temperature: 0.3 } });
    const request = testAgentRequest('And now?', {
      persona: { name: 'terse', system: 'Answer in one line.', maxTokens: 256 },
      history: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
      ],
    });
    await run(plugin.execute(request, ctx));
    const [sent] = fake.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/v1/messages');
    // @anthropic-ai/sdk 1.x sends the key as a Bearer token; the API also accepts x-api-key.
    expect(sent?.headers['x-api-key'] ?? sent?.headers.authorization?.replace(/^Bearer /, '')).toBe(KEY);
    expect(sent?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers['x-stainless-retry-count']).toBe('0');
    expect(sent?.body).toEqual({
      model: 'claude-sonnet-5-5',
      max_tokens: 256,
      system: 'Answer in one line.',
      stream: true,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'And now?' },
      ],
    });
    // API version 2026-10-21 rejects sampling parameters, so a configured temperature is reported, not sent.
    expect(ctx.logs.some((entry) => entry.level === 'warn' && entry.message.includes('temperature'))).toBe(true);
  });

  it('picks the model from --model, then the persona, then the settings', async () => {
    const settings = { base_url: fake.url, model: 'from-settings' };
    await run(
      plugin.execute(
        testAgentRequest('q', { model: 'from-flag', persona: { name: 'p', model: 'from-persona' } }),
        context({ settings }),
      ),
    );
    await run(
      plugin.execute(testAgentRequest('q', { persona: { name: 'p', model: 'from-persona' } }), context({ settings })),
    );
    await run(plugin.execute(testAgentRequest('q'), context({ settings })));
    await run(plugin.execute(testAgentRequest('q'), context({ settings: { base_url: fake.url } })));
    expect(fake.requests.map((request) => (request.body as { model: string }).model)).toEqual([
      'from-flag',
      'from-persona',
      'from-settings',
      'claude-sonnet-5-5',
    ]);
    expect((fake.requests[3]?.body as { max_tokens: number }).max_tokens).toBe(4096);
  });

  it('takes the base URL from ANTHROPIC_BASE_URL when the settings name none', async () => {
    const result = await ask(
      'q',
      context({ settings: {}, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url } }),
    );
    expect(result.error).toBeUndefined();
    expect(fake.requestCount).toBe(1);
  });
});

interface FailureCase {
  name: string;
  scenario: FakeScenario;
  kind: AgentErrorKind;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  message?: RegExp;
}

const failures: FailureCase[] = [
  {
    name: '401',
    scenario: { kind: 'error', status: 401, message: 'invalid x-api-key' },
    kind: 'auth',
    retryable: false,
    status: 401,
    message: /^anthropic 401 authentication_error: invalid x-api-key/,
  },
  { name: '403', scenario: { kind: 'error', status: 403 }, kind: 'auth', retryable: false, status: 403 },
  {
    name: '400',
    scenario: { kind: 'error', status: 400, message: 'max_tokens: must be ≤ 8192' },
    kind: 'bad_request',
    retryable: false,
    status: 400,
    message: /^anthropic 400 invalid_request_error: max_tokens: must be ≤ 8192 \(request-id req_fake_1\)$/,
  },
  {
    name: '400 prompt too long',
    scenario: { kind: 'error', status: 400, message: 'prompt is too long: 215000 tokens > 200000 maximum' },
    kind: 'context_length',
    retryable: false,
    status: 400,
  },
  {
    name: '413',
    scenario: { kind: 'error', status: 413, message: 'Request exceeds the maximum allowed number of bytes.' },
    kind: 'context_length',
    retryable: false,
    status: 413,
  },
  {
    name: '404 unknown model',
    scenario: { kind: 'error', status: 404, message: 'model: claude-nope' },
    kind: 'bad_request',
    retryable: false,
    status: 404,
    message: /not_found_error: model: claude-nope/,
  },
  {
    name: '429 retry-after seconds',
    scenario: { kind: 'error', status: 429, headers: { 'retry-after': '7' } },
    kind: 'rate_limit',
    retryable: true,
    status: 429,
    retryAfterMs: 7000,
  },
  {
    name: '429 retry-after-ms',
    scenario: { kind: 'error', status: 429, headers: { 'retry-after-ms': '1500', 'retry-after': '2' } },
    kind: 'rate_limit',
    retryable: true,
    status: 429,
    retryAfterMs: 1500,
  },
  {
    name: '500',
    scenario: { kind: 'error', status: 500, message: 'Internal server error' },
    kind: 'internal',
    retryable: true,
    status: 500,
  },
  {
    name: '500 with x-should-retry: false',
    scenario: { kind: 'error', status: 500, headers: { 'x-should-retry': 'false' } },
    kind: 'internal',
    retryable: false,
    status: 500,
  },
  {
    name: '502 HTML from a proxy',
    scenario: {
      kind: 'error',
      status: 502,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
      headers: { 'content-type': 'text/html' },
    },
    kind: 'network',
    retryable: true,
    status: 502,
    message: /502 Bad Gateway/,
  },
  { name: '503', scenario: { kind: 'error', status: 503 }, kind: 'overloaded', retryable: true, status: 503 },
  {
    name: '529',
    scenario: { kind: 'error', status: 529, message: 'Overloaded' },
    kind: 'overloaded',
    retryable: true,
    status: 529,
    message: /^anthropic 529 overloaded_error: Overloaded/,
  },
  {
    name: 'error event after status 200',
    scenario: { kind: 'stream-error', type: 'overloaded_error', message: 'Overloaded' },
    kind: 'overloaded',
    retryable: true,
    message: /^anthropic stream error overloaded_error: Overloaded/,
  },
  { name: 'reset mid-stream', scenario: { kind: 'reset-mid-stream' }, kind: 'network', retryable: true },
  {
    name: 'malformed SSE',
    scenario: { kind: 'malformed-sse' },
    kind: 'internal',
    retryable: true,
    message: /malformed SSE/,
  },
  {
    name: 'malformed JSON',
    scenario: { kind: 'malformed-json' },
    kind: 'internal',
    retryable: true,
    message: /malformed JSON/,
  },
  { name: 'empty body', scenario: { kind: 'empty' }, kind: 'internal', retryable: true, message: /empty body/ },
  {
    name: 'refusal',
    scenario: { kind: 'text', text: 'I can’t help with that.', stopReason: 'refusal' },
    kind: 'content_filter',
    retryable: false,
  },
];

describe('claude: non-streamed answers (nobody reads the answer early)', () => {
  it('makes one call without stream and yields the text as one delta, then usage and done', async () => {
    fake.enqueue({
      kind: 'text',
      text: 'Hello, world!',
      model: 'claude-sonnet-5-5-20990101',
      inputTokens: 31,
      outputTokens: 9,
    });
    const result = await ask('Why is the sky blue?', context({ stream: false }));
    expect(result.error).toBeUndefined();
    expect(result.events).toEqual([
      { type: 'text-delta', text: 'Hello, world!' },
      { type: 'usage', inputTokens: 31, outputTokens: 9 },
      { type: 'done', finishReason: 'end_turn', model: 'claude-sonnet-5-5-20990101' },
    ]);
    expect(fake.requestCount).toBe(1);
    expect((fake.requests[0]!.body as { stream?: boolean }).stream).toBeUndefined();
  });

  it('a refusal is content_filter, after the usage', async () => {
    fake.enqueue({ kind: 'text', text: 'I can’t help with that.', stopReason: 'refusal' });
    const result = await ask('Why is the sky blue?', context({ stream: false }));
    expect(agentErrorOf(result)).toMatchObject({ kind: 'content_filter' });
    expect(result.events.some((event) => event.type === 'usage')).toBe(true);
  });

  it('an overloaded upstream is classified as on the streamed call', async () => {
    fake.enqueue({ kind: 'error', status: 529 });
    const result = await ask('Why is the sky blue?', context({ stream: false }));
    expect(agentErrorOf(result)).toMatchObject({ kind: 'overloaded', retryable: true });
  });
});

describe('claude: classified failures, one upstream request each', () => {
  it.each(failures)('$name → $kind', async (failure) => {
    fake.enqueue(failure.scenario);
    const error = agentErrorOf(await ask());
    expect(error.kind).toBe(failure.kind);
    expect(error.retryable).toBe(failure.retryable);
    expect(error.status).toBe(failure.status);
    if (failure.retryAfterMs !== undefined) expect(error.retryAfterMs).toBe(failure.retryAfterMs);
    if (failure.message) expect(error.message).toMatch(failure.message);
    expect(error.message).not.toContain(KEY);
    expect(fake.requestCount).toBe(1);
  });

  it('reads retry-after given as an HTTP date', async () => {
    fake.enqueue({
      kind: 'error',
      status: 429,
      headers: { 'retry-after': new Date(Date.now() + 30_000).toUTCString() },
    });
    const error = agentErrorOf(await ask());
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('keeps the deltas that arrived before a reset', async () => {
    fake.enqueue({ kind: 'reset-mid-stream', text: 'Partial' });
    const result = await ask();
    expect(result.text).toBe('Partial');
    expect(agentErrorOf(result).kind).toBe('network');
  });

  it('a wrong key is auth, and the message never carries the key', async () => {
    const result = await ask('q', context({ env: { ANTHROPIC_API_KEY: 'sk-ant-wrong-key-987654' } }));
    const error = agentErrorOf(result);
    expect(error.kind).toBe('auth');
    expect(error.message).not.toContain('sk-ant-wrong-key-987654');
  });

  it('a server that never answers is a timeout after ctx.timeoutMs', async () => {
    fake.enqueue({ kind: 'hang' });
    const error = agentErrorOf(await ask('q', context({ timeoutMs: 200 })));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(fake.requestCount).toBe(1);
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.abortedByClient).toBe(true);
  });

  it('a refused connection is network', async () => {
    const result = await ask('q', context({ settings: { base_url: await refusedUrl() } }));
    const error = agentErrorOf(result);
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('fails with auth and sends nothing when no key resolves', async () => {
    const error = agentErrorOf(await ask('q', context({ env: {} })));
    expect(error).toMatchObject({ kind: 'auth', retryable: false, message: 'ANTHROPIC_API_KEY is not set' });
    expect(fake.requestCount).toBe(0);
  });
});

describe('claude: cancellation', () => {
  it('rethrows ctx.signal.reason unchanged on abort mid-stream, and closes the upstream request', async () => {
    fake.enqueue({ kind: 'stall-mid-stream', text: 'Hel' });
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    const stream = plugin.execute(testAgentRequest('q'), context({ signal: controller.signal }));
    const seen: string[] = [];
    const failure = (async () => {
      for await (const event of stream) {
        if (event.type === 'text-delta') {
          seen.push(event.text);
          controller.abort(reason);
        }
      }
    })();
    await expect(failure).rejects.toBe(reason);
    expect(seen).toEqual(['Hel']);
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.abortedByClient).toBe(true);
    expect(fake.activeRequests).toBe(0);
  });

  it('rethrows the reason when aborted before the upstream answered', async () => {
    fake.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = run(plugin.execute(testAgentRequest('q'), context({ signal: controller.signal })));
    await waitFor(() => fake.requestCount === 1);
    controller.abort('deadline');
    expect((await pending).error).toBe('deadline');
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.abortedByClient).toBe(true);
  });

  it('closes the upstream request when the consumer stops reading', async () => {
    fake.enqueue({ kind: 'stall-mid-stream' });
    for await (const event of plugin.execute(testAgentRequest('q'), context())) {
      if (event.type === 'text-delta') break;
    }
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.abortedByClient).toBe(true);
  });
});

describe('claude: routing and availability', () => {
  it('scores with the shared intent probabilities', () => {
    const score = plugin.canHandle({ prompt: 'explain why', text: 'explain why the sky is blue' });
    expect(typeof score === 'object' && score.score).toBeGreaterThan(0.5);
    expect(typeof score === 'object' && score.reasons?.[0]).toMatch(/explain|why/);
  });

  it('is available only when a key resolves', () => {
    expect(plugin.available(context())).toEqual({ ok: true });
    expect(plugin.available(context({ env: {} }))).toEqual({
      ok: false,
      missingCredentials: true,
      reason: 'ANTHROPIC_API_KEY is not set',
      fix: 'export ANTHROPIC_API_KEY=… or run `payready keys set anthropic`',
    });
    expect(plugin.available(context({ settings: { enabled: false } })).ok).toBe(false);
  });

  it('registers itself through registerPlugins', async () => {
    const registered: string[] = [];
    await registerPlugins((agent) => registered.push(`${agent.name}@${agent.version}`), {} as never);
    const { version } = JSON.parse(
      readFileSync(new URL('../../../plugins/official/claude/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(registered).toEqual([`claude@${version}`]);
  });
});

describe('claude: backend cli', () => {
  const cli = (script: string, options: TestExecuteContextOptions = {}) =>
    context({
      settings: { backend: 'cli' },
      env: { PATH: `${fakeBinary('claude', script)}:/usr/bin:/bin` },
      ...options,
    });

  it('streams stdout of `claude -p <text>` as text deltas', async () => {
    const ctx = cli(`printf 'args:%s|' "$@"; printf 'Hello '; sleep 0.05; printf 'from the CLI'`);
    expect(plugin.available(ctx)).toEqual({ ok: true });
    const result = await run(plugin.execute(testAgentRequest('What now?'), ctx));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('args:-p|args:What now?|Hello from the CLI');
    expect(result.events.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
  });

  it('turns a failing exit into an AgentError with the end of stderr', async () => {
    const error = agentErrorOf(
      await run(plugin.execute(testAgentRequest('q'), cli(`echo 'Invalid API key · Please run /login' >&2; exit 1`))),
    );
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/claude exited with code 1: Invalid API key/);
  });

  it('kills the child on abort and rethrows the reason', async () => {
    const pidFile = `${fakeBinary('marker', 'true')}/pid`;
    const controller = new AbortController();
    const ctx = cli(`echo $$ > ${pidFile}; printf 'started'; exec sleep 30`, { signal: controller.signal });
    const stream = plugin.execute(testAgentRequest('q'), ctx);
    const failure = (async () => {
      for await (const event of stream) if (event.type === 'text-delta') controller.abort('stop');
    })();
    await expect(failure).rejects.toBe('stop');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => !processExists(pid));
  });

  it('is unavailable when `claude` is not on PATH', () => {
    const availability = plugin.available(context({ settings: { backend: 'cli' }, env: { PATH: '/nonexistent' } }));
    expect(availability.ok).toBe(false);
    expect(availability.reason).toMatch(/not on PATH/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
