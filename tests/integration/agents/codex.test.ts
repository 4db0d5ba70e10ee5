import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentErrorKind, AgentSettings } from '@payready/agent-contract';
import { createCodexPlugin, registerPlugins } from '../../../plugins/official/codex/src/index.js';
import {
  testAgentRequest,
  testExecuteContext,
  type TestExecuteContextOptions,
} from '../../test-utils/src/agent-context.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test-utils/src/fake-openai.js';
import type { FakeScenario } from '../../test-utils/src/http-fixture.js';
import { agentErrorOf, fakeBinary, processExists, refusedUrl, run } from './agent-test-helpers.js';

// The codex plugin driven through the real `openai` SDK against a local fake of the OpenAI API, over both
// the Responses API and Chat Completions.

const KEY = 'sk-proj-test-key-0123456789';
const plugin = createCodexPlugin();
let fake: FakeOpenAI;

beforeEach(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY });
});
afterEach(() => fake.close());

function context(options: TestExecuteContextOptions & { extraSettings?: AgentSettings } = {}) {
  return testExecuteContext({
    env: { OPENAI_API_KEY: KEY },
    timeoutMs: 5000,
    ...options,
    settings: options.settings ?? {
      base_url: fake.url,
      model: 'gpt-5-mini',
      models: ['gpt-5-mini', 'gpt-5'],
      ...options.extraSettings,
    },
  });
}

function ask(ctx = context(), text = 'Fix this python function') {
  return run(plugin.execute(testAgentRequest(text), ctx));
}

const APIS = ['responses', 'chat'] as const;

describe.each(APIS)('codex over %s: streaming answers', (api) => {
  const apiContext = (options: TestExecuteContextOptions & { extraSettings?: AgentSettings } = {}) =>
    context({ ...options, extraSettings: { api, ...options.extraSettings } });

  it('yields the text deltas in order, then one usage and one done with the model', async () => {
    fake.enqueue({
      kind: 'text',
      text: 'def f(): pass',
      chunks: ['def ', 'f(): ', 'pass'],
      model: 'gpt-5-mini-2099-01-01',
      inputTokens: 17,
      outputTokens: 5,
    });
    const result = await ask(apiContext());
    expect(result.error).toBeUndefined();
    expect(result.events).toEqual([
      { type: 'text-delta', text: 'def ' },
      { type: 'text-delta', text: 'f(): ' },
      { type: 'text-delta', text: 'pass' },
      { type: 'usage', inputTokens: 17, outputTokens: 5 },
      { type: 'done', finishReason: 'stop', model: 'gpt-5-mini-2099-01-01' },
    ]);
    expect(fake.requestCount).toBe(1);
  });

  it('handles an answer that arrives as a single delta', async () => {
    fake.enqueue({ kind: 'text', text: 'Done.', chunks: ['Done.'] });
    const result = await ask(apiContext());
    expect(result.text).toBe('Done.');
    expect(result.events.filter((event) => event.type === 'usage')).toHaveLength(1);
    expect(result.events.at(-1)).toMatchObject({ type: 'done', finishReason: 'stop' });
  });

  it('reports a length cut as finish reason length', async () => {
    fake.enqueue({ kind: 'text', text: 'Trunc', stopReason: api === 'chat' ? 'length' : 'max_output_tokens' });
    const result = await ask(apiContext());
    expect(result.events.at(-1)).toMatchObject({ type: 'done', finishReason: 'length' });
  });

  it('turns a content filter stop into content_filter', async () => {
    fake.enqueue({ kind: 'text', text: 'Partial', stopReason: 'content_filter' });
    const result = await ask(apiContext());
    expect(agentErrorOf(result)).toMatchObject({ kind: 'content_filter', retryable: false });
    expect(result.events.some((event) => event.type === 'usage')).toBe(true);
  });
});

describe.each(APIS)('codex over %s: non-streamed answers (nobody reads the answer early)', (api) => {
  const whole = () => context({ stream: false, extraSettings: { api } });

  it('makes one call without stream and yields the text as one delta, then usage and done', async () => {
    fake.enqueue({
      kind: 'text',
      text: 'def f(): pass',
      model: 'gpt-5-mini-2099-01-01',
      inputTokens: 17,
      outputTokens: 5,
    });
    const result = await ask(whole());
    expect(result.error).toBeUndefined();
    expect(result.events).toEqual([
      { type: 'text-delta', text: 'def f(): pass' },
      { type: 'usage', inputTokens: 17, outputTokens: 5 },
      { type: 'done', finishReason: 'stop', model: 'gpt-5-mini-2099-01-01' },
    ]);
    expect(fake.requestCount).toBe(1);
    const body = fake.requests[0]!.body as { stream?: boolean; stream_options?: unknown };
    expect(body.stream).toBeUndefined();
    expect(body.stream_options).toBeUndefined();
  });

  it('reports a length cut as finish reason length', async () => {
    fake.enqueue({ kind: 'text', text: 'Trunc', stopReason: api === 'chat' ? 'length' : 'max_output_tokens' });
    const result = await ask(whole());
    expect(result.text).toBe('Trunc');
    expect(result.events.at(-1)).toMatchObject({ type: 'done', finishReason: 'length' });
  });

  it('turns a content filter stop into content_filter, after the usage', async () => {
    fake.enqueue({ kind: 'text', text: 'Partial', stopReason: 'content_filter' });
    const result = await ask(whole());
    expect(agentErrorOf(result)).toMatchObject({ kind: 'content_filter', retryable: false });
    expect(result.events.some((event) => event.type === 'usage')).toBe(true);
  });

  it('classifies an HTTP error as the streamed call does', async () => {
    fake.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '7' } });
    const result = await ask(whole());
    expect(agentErrorOf(result)).toMatchObject({ kind: 'rate_limit', retryAfterMs: 7000 });
  });
});

describe('codex: request shape', () => {
  const request = testAgentRequest('And now?', {
    persona: { name: 'terse', system: 'Answer in one line.', maxTokens: 300 },
    history: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.' },
    ],
  });

  it('responses: POST /v1/responses with bearer key, instructions, input, max_output_tokens, stream', async () => {
    await run(plugin.execute(request, context({ extraSettings: { temperature: 0.2 } })));
    const [sent] = fake.requests;
    expect(sent?.path).toBe('/v1/responses');
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.headers['x-stainless-retry-count']).toBe('0');
    expect(sent?.body).toEqual({
      model: 'gpt-5-mini',
      instructions: 'Answer in one line.',
      input: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'And now?' },
      ],
      max_output_tokens: 300,
      store: false,
      stream: true,
    });
  });

  it('chat: POST /v1/chat/completions with a system message, include_usage and max_completion_tokens', async () => {
    await run(plugin.execute(request, context({ extraSettings: { api: 'chat' } })));
    const [sent] = fake.requests;
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.body).toEqual({
      model: 'gpt-5-mini',
      messages: [
        { role: 'system', content: 'Answer in one line.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'And now?' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 300,
    });
  });

  it('picks the model from --model, then the persona, then the settings; logs models outside the list', async () => {
    const settings = { base_url: fake.url, model: 'gpt-5', models: ['gpt-5-mini', 'gpt-5'] };
    const flagged = context({ settings });
    await run(
      plugin.execute(
        testAgentRequest('q', { model: 'o9-preview', persona: { name: 'p', model: 'gpt-5-mini' } }),
        flagged,
      ),
    );
    await run(
      plugin.execute(testAgentRequest('q', { persona: { name: 'p', model: 'gpt-5-mini' } }), context({ settings })),
    );
    await run(plugin.execute(testAgentRequest('q'), context({ settings })));
    await run(plugin.execute(testAgentRequest('q'), context({ settings: { base_url: fake.url } })));
    expect(fake.requests.map((sent) => (sent.body as { model: string }).model)).toEqual([
      'o9-preview',
      'gpt-5-mini',
      'gpt-5',
      'gpt-5-mini',
    ]);
    expect(flagged.logs).toContainEqual(expect.objectContaining({ level: 'debug', fields: { model: 'o9-preview' } }));
  });

  it('sends temperature to models that accept it and never to gpt-5 reasoning models', async () => {
    await run(
      plugin.execute(testAgentRequest('q', { model: 'llama3.3' }), context({ extraSettings: { temperature: 0.2 } })),
    );
    await run(plugin.execute(testAgentRequest('q'), context({ extraSettings: { temperature: 0.2 } })));
    expect((fake.requests[0]?.body as { temperature?: number }).temperature).toBe(0.2);
    expect(fake.requests[1]?.body).not.toHaveProperty('temperature');
  });
});

describe('codex: OpenAI-compatible local servers', () => {
  let local: FakeOpenAI;
  beforeEach(async () => {
    local = await startFakeOpenAI({ apiKey: null });
  });
  afterEach(() => local.close());

  it('needs no key: sends a placeholder and max_tokens over chat', async () => {
    const ctx = testExecuteContext({
      settings: { base_url: local.url, api: 'chat', model: 'llama3.3', max_tokens: 50 },
      env: {},
    });
    expect(plugin.available(ctx)).toEqual({ ok: true });
    const result = await run(plugin.execute(testAgentRequest('q'), ctx));
    expect(result.error).toBeUndefined();
    expect(local.requests[0]?.headers.authorization).toMatch(/^Bearer \S+$/);
    expect(local.requests[0]?.body).toMatchObject({ model: 'llama3.3', max_tokens: 50 });
    expect(local.requests[0]?.body).not.toHaveProperty('max_completion_tokens');
  });

  it('takes the base URL from OPENAI_BASE_URL and keeps the responses API unless api is set', async () => {
    const ctx = testExecuteContext({ settings: {}, env: { OPENAI_BASE_URL: local.url } });
    const result = await run(plugin.execute(testAgentRequest('q'), ctx));
    expect(result.error).toBeUndefined();
    expect(local.requests[0]?.path).toBe('/v1/responses');
  });

  it('names the server in error messages', async () => {
    local.enqueue({ kind: 'error', status: 404, message: "model 'llama9' not found" });
    const ctx = testExecuteContext({ settings: { base_url: local.url, api: 'chat', model: 'llama9' }, env: {} });
    const error = agentErrorOf(await run(plugin.execute(testAgentRequest('q'), ctx)));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toMatch(/^openai-compatible 127\.0\.0\.1:\d+ 404 .*model 'llama9' not found/);
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
    scenario: { kind: 'error', status: 401, message: 'Incorrect API key provided: sk-pr***89.' },
    kind: 'auth',
    retryable: false,
    status: 401,
    message: /^openai-compatible 127\.0\.0\.1:\d+ 401 invalid_request_error \(invalid_api_key\): Incorrect API key/,
  },
  { name: '403', scenario: { kind: 'error', status: 403 }, kind: 'auth', retryable: false, status: 403 },
  {
    name: '400',
    scenario: { kind: 'error', status: 400, message: "Invalid value for 'input'." },
    kind: 'bad_request',
    retryable: false,
    status: 400,
    message:
      /^openai-compatible 127\.0\.0\.1:\d+ 400 invalid_request_error: Invalid value for 'input'\. \(request-id req_fake_1\)$/,
  },
  {
    name: '400 context too long',
    scenario: {
      kind: 'error',
      status: 400,
      code: 'context_length_exceeded',
      message:
        "This model's maximum context length is 400000 tokens. However, your messages resulted in 512000 tokens.",
    },
    kind: 'context_length',
    retryable: false,
    status: 400,
  },
  {
    name: '413',
    scenario: { kind: 'error', status: 413, message: 'Request too large' },
    kind: 'context_length',
    retryable: false,
    status: 413,
  },
  {
    name: '404 unknown model',
    scenario: {
      kind: 'error',
      status: 404,
      message: 'The model `gpt-9` does not exist or you do not have access to it.',
    },
    kind: 'bad_request',
    retryable: false,
    status: 404,
  },
  {
    name: '429 retry-after seconds',
    scenario: { kind: 'error', status: 429, headers: { 'retry-after': '3' } },
    kind: 'rate_limit',
    retryable: true,
    status: 429,
    retryAfterMs: 3000,
  },
  {
    name: '429 retry-after-ms',
    scenario: { kind: 'error', status: 429, headers: { 'retry-after-ms': '250.5' } },
    kind: 'rate_limit',
    retryable: true,
    status: 429,
    retryAfterMs: 251,
  },
  {
    name: '429 insufficient_quota',
    scenario: {
      kind: 'error',
      status: 429,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message: 'You exceeded your current quota.',
    },
    kind: 'rate_limit',
    retryable: false,
    status: 429,
  },
  { name: '500', scenario: { kind: 'error', status: 500 }, kind: 'internal', retryable: true, status: 500 },
  { name: '503', scenario: { kind: 'error', status: 503 }, kind: 'overloaded', retryable: true, status: 503 },
  {
    name: 'stream error after status 200',
    scenario: { kind: 'stream-error', code: 'server_error', message: 'boom' },
    kind: 'internal',
    retryable: true,
    message: /stream error server_error: boom/,
  },
  {
    name: 'rate limit inside the stream',
    scenario: { kind: 'stream-error', type: 'requests', code: 'rate_limit_exceeded', message: 'slow down' },
    kind: 'rate_limit',
    retryable: true,
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
];

describe.each(APIS)('codex over %s: classified failures, one upstream request each', (api) => {
  const apiContext = (options: TestExecuteContextOptions = {}) => context({ ...options, extraSettings: { api } });

  it.each(failures)('$name → $kind', async (failure) => {
    fake.enqueue(failure.scenario);
    const error = agentErrorOf(await ask(apiContext()));
    expect(error.kind).toBe(failure.kind);
    expect(error.retryable).toBe(failure.retryable);
    expect(error.status).toBe(failure.status);
    if (failure.retryAfterMs !== undefined) expect(error.retryAfterMs).toBe(failure.retryAfterMs);
    if (failure.message) expect(error.message).toMatch(failure.message);
    expect(error.message).not.toContain(KEY);
    expect(fake.requestCount).toBe(1);
  });

  it('a server that never answers is a timeout after ctx.timeoutMs', async () => {
    fake.enqueue({ kind: 'hang' });
    const error = agentErrorOf(await ask(apiContext({ timeoutMs: 200 })));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, status: undefined });
    expect(fake.requestCount).toBe(1);
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.abortedByClient).toBe(true);
  });

  it('a refused connection is network', async () => {
    const error = agentErrorOf(await ask(context({ settings: { base_url: await refusedUrl('/v1'), api } })));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('rethrows ctx.signal.reason unchanged on abort mid-stream, and closes the upstream request', async () => {
    fake.enqueue({ kind: 'stall-mid-stream', text: 'Hel' });
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    const stream = plugin.execute(testAgentRequest('q'), apiContext({ signal: controller.signal }));
    const failure = (async () => {
      for await (const event of stream) if (event.type === 'text-delta') controller.abort(reason);
    })();
    await expect(failure).rejects.toBe(reason);
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.abortedByClient).toBe(true);
    expect(fake.activeRequests).toBe(0);
  });
});

describe('codex: keys, routing and availability', () => {
  it('against OpenAI, a missing key is auth and nothing is sent', async () => {
    const ctx = testExecuteContext({ settings: {}, env: {} });
    expect(plugin.available(ctx)).toEqual({
      ok: false,
      missingCredentials: true,
      reason: 'OPENAI_API_KEY is not set',
      fix: 'export OPENAI_API_KEY=… or run `payready keys set openai`, or point agents.codex.base_url at a local server',
    });
    expect(agentErrorOf(await run(plugin.execute(testAgentRequest('q'), ctx)))).toMatchObject({
      kind: 'auth',
      message: 'OPENAI_API_KEY is not set',
    });
  });

  it('a rejected key never appears in the message', async () => {
    const error = agentErrorOf(await ask(context({ env: { OPENAI_API_KEY: 'sk-wrong-key-987654321' } })));
    expect(error.kind).toBe('auth');
    expect(error.message).not.toContain('sk-wrong-key-987654321');
  });

  it('scores with the shared intent probabilities', () => {
    const score = plugin.canHandle({ prompt: 'refactor', text: 'refactor this typescript function in app.ts' });
    expect(typeof score === 'object' && score.score).toBeGreaterThan(0.5);
    expect(typeof score === 'object' && score.reasons?.length).toBeGreaterThan(0);
  });

  it('registers itself through registerPlugins', async () => {
    const registered: string[] = [];
    await registerPlugins((agent) => registered.push(`${agent.name}@${agent.version}`), {} as never);
    const { version } = JSON.parse(
      readFileSync(new URL('../../../plugins/official/codex/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(registered).toEqual([`codex@${version}`]);
  });
});

describe('codex: backend cli', () => {
  const cli = (script: string, options: TestExecuteContextOptions = {}) =>
    context({
      settings: { backend: 'cli' },
      env: { PATH: `${fakeBinary('codex', script)}:/usr/bin:/bin` },
      ...options,
    });

  it('streams stdout of `codex exec` as text deltas; stderr progress stays out', async () => {
    const ctx = cli(`echo 'thinking…' >&2; printf '%s|' "$@"; printf 'final answer'`);
    expect(plugin.available(ctx)).toEqual({ ok: true });
    const result = await run(plugin.execute(testAgentRequest('-n flag-like prompt'), ctx));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('exec|--skip-git-repo-check|--sandbox|read-only|--|-n flag-like prompt|final answer');
  });

  it('is a timeout when the CLI outlives ctx.timeoutMs', async () => {
    const error = agentErrorOf(
      await run(plugin.execute(testAgentRequest('q'), cli('exec sleep 30', { timeoutMs: 200 }))),
    );
    expect(error.kind).toBe('timeout');
  });

  it('kills the child on abort and rethrows the reason', async () => {
    const pidFile = `${fakeBinary('marker', 'true')}/pid`;
    const controller = new AbortController();
    const stream = plugin.execute(
      testAgentRequest('q'),
      cli(`echo $$ > ${pidFile}; printf 'started'; exec sleep 30`, { signal: controller.signal }),
    );
    const failure = (async () => {
      for await (const event of stream) if (event.type === 'text-delta') controller.abort('stop');
    })();
    await expect(failure).rejects.toBe('stop');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    while (processExists(pid)) await new Promise((resolve) => setTimeout(resolve, 5));
  });
});
