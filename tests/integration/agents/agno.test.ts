import { afterEach, describe, expect, it } from 'vitest';
import type { AgentSettings } from '@payready/agent-contract';
import { createAgnoPlugin, registerPlugins } from '../../../plugins/official/agno/src/index.js';
import {
  testAgentRequest,
  testExecuteContext,
  type TestExecuteContextOptions,
} from '../../test-utils/src/agent-context.js';
import { parseForm, startFakeAgno, type FakeAgnoOptions, type FakeAgnoServer } from '../../test-utils/src/fake-agno.js';
import type { FakeFailure } from '../../test-utils/src/fake-search.js';
import { agentErrorOf, refusedUrl, run } from './agent-test-helpers.js';

// The agno plugin against a local fake of an Agno AgentOS: form-encoded runs, the SSE run events, RunError
// on an already-200 stream, the Bearer check, and every transport failure.

const KEY = 'os-security-key-123';
const plugin = createAgnoPlugin();
let fake: FakeAgnoServer | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeAgnoOptions = {}): Promise<FakeAgnoServer> {
  fake = await startFakeAgno(options);
  return fake;
}

function context(options: TestExecuteContextOptions & { extraSettings?: AgentSettings } = {}) {
  return testExecuteContext({
    timeoutMs: 5000,
    ...options,
    settings: options.settings ?? { enabled: true, url: fake!.url, agent_id: 'assistant', ...options.extraSettings },
  });
}

function ask(ctx = context(), text = 'Book a table for two on the website') {
  return run(plugin.execute(testAgentRequest(text), ctx));
}

describe('agno: streamed runs', () => {
  it('RunContent deltas become text deltas, then usage from RunCompleted metrics, then done', async () => {
    await start({
      run: {
        chunks: ['Booked', ' for', ' 7pm.'],
        model: 'gpt-4o',
        metrics: { input_tokens: 40, output_tokens: 6 },
        toolEvents: true,
      },
    });
    const result = await ask();
    expect(result.error).toBeUndefined();
    expect(result.events).toEqual([
      { type: 'text-delta', text: 'Booked' },
      { type: 'text-delta', text: ' for' },
      { type: 'text-delta', text: ' 7pm.' },
      { type: 'usage', inputTokens: 40, outputTokens: 6 },
      { type: 'done', finishReason: 'stop', model: 'gpt-4o' },
    ]);
  });

  it('posts form fields (message, stream=true) to /agents/{agent_id}/runs', async () => {
    const server = await start({ agents: [{ id: 'web agent/1' }] });
    await ask(context({ extraSettings: { agent_id: 'web agent/1' } }), 'Fill in the form');
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/agents/web%20agent%2F1/runs');
    expect(request!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request!.headers.accept).toBe('text/event-stream');
    expect(parseForm(request!)).toEqual({ message: 'Fill in the form', stream: 'true' });
    expect(server.runs).toHaveLength(1);
    expect(request!.headers.authorization).toBeUndefined();
  });

  it('sends AGNO_API_KEY as a Bearer token when the server has an OS_SECURITY_KEY', async () => {
    const server = await start({ securityKey: KEY });
    const result = await ask(context({ env: { AGNO_API_KEY: KEY } }));
    expect(result.error).toBeUndefined();
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('a RunError after some content is an AgentError of the mapped kind, with the streamed text kept', async () => {
    await start({
      run: {
        chunks: ['Working', ' on it'],
        error: {
          afterChunks: 1,
          message: 'rate limited upstream',
          errorType: 'model_provider_error',
          errorId: 'model_rate_limit_error',
        },
      },
    });
    const result = await ask();
    expect(result.text).toBe('Working');
    const error = agentErrorOf(result);
    expect(error.kind).toBe('rate_limit');
    expect(error.message).toContain('rate limited upstream');
  });

  it('a guardrail RunError before any content is content_filter', async () => {
    await start({
      run: {
        chunks: ['x'],
        error: {
          afterChunks: 0,
          message: 'Potential jailbreaking',
          errorType: 'input_check_error',
          errorId: 'prompt_injection',
        },
      },
    });
    const result = await ask();
    expect(result.events).toEqual([]);
    expect(agentErrorOf(result).kind).toBe('content_filter');
  });
});

describe('agno: HTTP errors', () => {
  it('no key for a secured server → auth, naming AGNO_API_KEY', async () => {
    await start({ securityKey: KEY });
    const error = agentErrorOf(await ask());
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toContain('Authorization header required');
    expect(error.message).toContain('AGNO_API_KEY');
  });

  it('a wrong key → auth, and the key never appears in the message', async () => {
    await start({ securityKey: KEY });
    const error = agentErrorOf(await ask(context({ env: { AGNO_API_KEY: 'wrong-key' } })));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Invalid authentication token');
    expect(error.message).not.toContain('wrong-key');
  });

  it('an unknown agent_id → unavailable with "Agent not found"', async () => {
    await start();
    const error = agentErrorOf(await ask(context({ extraSettings: { agent_id: 'nobody' } })));
    expect(error).toMatchObject({ kind: 'unavailable', status: 404 });
    expect(error.message).toContain('Agent not found');
  });

  it.each([
    [{ status: 429, retryAfter: 2 }, 'rate_limit', true],
    [{ status: 500 }, 'internal', true],
    [{ status: 503 }, 'overloaded', true],
    ['malformed-json', 'internal', false],
    ['reset', 'network', true],
    ['hang', 'timeout', true],
  ] as Array<[FakeFailure, string, boolean]>)('%j → %s', async (failure, kind, retryable) => {
    await start({ fail: failure });
    const error = agentErrorOf(await ask(context({ timeoutMs: 300 })));
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    if (kind === 'rate_limit') expect(error.retryAfterMs).toBe(2000);
  });

  it('a stream that stalls mid-run times out, keeping the text so far', async () => {
    await start({ run: { chunks: ['one', 'two', 'three'], stallAfterChunks: 1 } });
    const result = await ask(context({ timeoutMs: 300 }));
    expect(result.text).toBe('one');
    expect(agentErrorOf(result).kind).toBe('timeout');
  });

  it('connection refused → network', async () => {
    const ctx = testExecuteContext({ settings: { enabled: true, url: await refusedUrl(), agent_id: 'assistant' } });
    expect(agentErrorOf(await ask(ctx)).kind).toBe('network');
  });
});

describe('agno: the fake speaks the AgentOS form protocol', () => {
  it('accepts multipart, answers JSON for stream=false, and 422s a JSON body', async () => {
    const server = await start();
    const form = new FormData();
    form.set('message', 'hi');
    form.set('stream', 'false');
    const json = await fetch(`${server.url}/agents/assistant/runs`, { method: 'POST', body: form });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({
      agent_id: 'assistant',
      content: 'Hello from Agno.',
      status: 'COMPLETED',
    });
    const wrong = await fetch(`${server.url}/agents/assistant/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hi' }),
    });
    expect(wrong.status).toBe(422);
    expect(server.runs).toEqual([{ message: 'hi', stream: 'false' }]);
  });
});

describe('agno: plugin surface', () => {
  it('is unavailable until enabled with url and agent_id; execute then fails unavailable', async () => {
    const ctx = testExecuteContext({ settings: { enabled: false } });
    expect(plugin.available(ctx)).toMatchObject({ ok: false });
    expect(agentErrorOf(await ask(ctx)).kind).toBe('unavailable');
  });

  it('health: GET /health and the agent answer → ok; unknown agent or bad key → not ok', async () => {
    const server = await start({ securityKey: KEY });
    expect(await plugin.health!(context({ env: { AGNO_API_KEY: KEY } }))).toEqual({ ok: true });
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /health',
      'GET /agents/assistant',
    ]);
    const unknown = await plugin.health!(
      context({ env: { AGNO_API_KEY: KEY }, extraSettings: { agent_id: 'nobody' } }),
    );
    expect(unknown).toMatchObject({ ok: false, reason: expect.stringContaining('Agent not found') });
    expect(await plugin.health!(context())).toMatchObject({ ok: false, missingCredentials: true });
  });

  it('registers one agent named agno', async () => {
    const names: string[] = [];
    await registerPlugins((agent) => names.push(agent.name), {} as never);
    expect(names).toEqual(['agno']);
  });
});
