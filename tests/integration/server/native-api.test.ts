import { apiErrorSchema, askResponseSchema, routeResponseSchema } from '@payready/shared/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killAllServes,
  postJson,
  readSse,
  scriptedPlugin,
  serveHome,
  startServe,
  type ServeProcess,
} from './serve-process.js';

let serve: ServeProcess;
let home: ReturnType<typeof serveHome>;

beforeAll(async () => {
  home = serveHome(
    `plugins:\n  paths: [${scriptedPlugin}]\nrouting:\n  backoff_ms: 5\n  circuit_breaker:\n    enabled: false\nserver:\n  rate_limit:\n    enabled: false\n`,
  );
  serve = await startServe({ env: home.env, args: ['--config', home.configFile] });
});
afterAll(async () => {
  await serve?.stop();
  killAllServes();
  home.cleanup();
});

const ask = (body: unknown) => postJson(`${serve.url}/v1/ask`, body);

describe('POST /v1/ask', () => {
  it('routes and answers as `ask --json` does', async () => {
    const { status, headers, json } = await ask({ prompt: 'hello @alpha' });
    expect(status).toBe(200);
    expect(headers.get('x-payready-agent')).toBe('alpha');
    const result = askResponseSchema.parse(json);
    expect(result).toMatchObject({
      answer: 'scripted(alpha): hello @alpha',
      agent: 'alpha',
      model: 'alpha-1',
      cached: false,
    });
    expect(result.attempts).toEqual([expect.objectContaining({ agent: 'alpha', ok: true })]);
  });

  it('forces an agent, appends stdin after a blank line, and applies a persona by name', async () => {
    const { json } = await ask({ prompt: 'summarise', stdin: 'piped text\n', agent: 'beta', persona: 'explainer' });
    expect(askResponseSchema.parse(json)).toMatchObject({
      agent: 'beta',
      answer: 'scripted(beta): summarise\n\npiped text\n',
    });
  });

  it('streams executor events and the final result as SSE', async () => {
    const response = await fetch(`${serve.url}/v1/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'hi @alpha', stream: true }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const frames = await readSse(response);
    expect(frames.map((frame) => frame.event)).toEqual(['decision', 'attempt-start', 'text-delta', 'done', 'result']);
    expect(JSON.parse(frames[2]!.data)).toEqual({ agent: 'alpha', text: 'scripted(alpha): hi @alpha' });
    expect(askResponseSchema.parse(JSON.parse(frames[4]!.data)).agent).toBe('alpha');
  });

  it('streams a fallback: the failed attempt carries its kind, then the next agent answers', async () => {
    const response = await fetch(`${serve.url}/v1/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'fail:unavailable', agent: 'alpha', stream: true }),
    });
    const frames = await readSse(response);
    const failed = frames
      .filter((frame) => frame.event === 'attempt-failed')
      .map((frame) => JSON.parse(frame.data) as { agent: string; kind: string; next: string });
    expect(failed[0]).toMatchObject({ agent: 'alpha', kind: 'unavailable', next: 'fallback' });
    const result = JSON.parse(frames.at(-1)!.data) as { agent: string };
    expect(frames.at(-1)!.event).toBe('result');
    expect(result.agent).toBe('local');
  });

  it('reports a failure inside the stream as an error event with the HTTP type and kind', async () => {
    const response = await fetch(`${serve.url}/v1/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'fail:internal', agent: 'alpha', fallback: false, stream: true }),
    });
    const last = (await readSse(response)).at(-1)!;
    expect(last.event).toBe('error');
    expect(apiErrorSchema.parse(JSON.parse(last.data)).error).toMatchObject({
      type: 'all_agents_failed',
      kind: 'internal',
    });
  });
});

describe('errors are JSON with the status of their cause', () => {
  it.each([
    ['an empty prompt', { prompt: '  ' }, 400, 'invalid_request'],
    ['an unknown field', { prompt: 'x', temperature: 2 }, 400, 'invalid_request'],
    ['an unknown agent', { prompt: 'x', agent: 'nope' }, 400, 'invalid_request'],
    ['an unknown persona', { prompt: 'x', persona: 'nope' }, 400, 'invalid_request'],
    ['a request the upstream rejects', { prompt: 'fail:bad_request', agent: 'alpha' }, 400, 'upstream_rejected'],
    ['every agent failing', { prompt: 'fail:internal', agent: 'alpha', fallback: false }, 502, 'all_agents_failed'],
    [
      'rate limits after retries',
      { prompt: 'fail:rate_limit', agent: 'alpha', fallback: false, retries: 1 },
      429,
      'rate_limited',
    ],
    ['no credentials for the agent', { prompt: 'x', agent: 'claude', fallback: false }, 503, 'no_credentials'],
    ['the deadline', { prompt: 'hang', agent: 'alpha', deadline: '300ms' }, 504, 'deadline_exceeded'],
  ])('%s', async (_name, body, status, type) => {
    const response = await ask(body);
    expect(response.status).toBe(status);
    expect(apiErrorSchema.parse(response.json).error.type).toBe(type);
  });

  it('names the offending field and lists the attempts of a failed ask', async () => {
    const unknown = await ask({ prompt: 'x', temperature: 2 });
    expect((unknown.json as { error: { message: string } }).error.message).toMatch(/temperature/);
    const failed = apiErrorSchema.parse((await ask({ prompt: 'fail:internal', agent: 'alpha', fallback: false })).json);
    expect(failed.error.kind).toBe('internal');
    expect(failed.error.attempts).toEqual([
      expect.objectContaining({ agent: 'alpha', ok: false, errorKind: 'internal' }),
    ]);
    const noKey = apiErrorSchema.parse((await ask({ prompt: 'x', agent: 'claude', fallback: false })).json);
    expect(noKey.error.hint).toContain('ANTHROPIC_API_KEY');
  });

  it('rejects a body that is not JSON, and unknown routes', async () => {
    const broken = await fetch(`${serve.url}/v1/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"prompt": ',
    });
    expect(broken.status).toBe(400);
    expect(apiErrorSchema.parse(await broken.json()).error.type).toBe('invalid_request');
    const missing = await fetch(`${serve.url}/v2/nothing`);
    expect(missing.status).toBe(404);
    expect(apiErrorSchema.parse(await missing.json()).error.type).toBe('not_found');
  });
});

describe('POST /v1/route and GET /v1/agents', () => {
  it('returns the decision with every score, as `route --json`', async () => {
    const { status, json } = await postJson(`${serve.url}/v1/route`, { prompt: 'which one @beta' });
    expect(status).toBe(200);
    const decision = routeResponseSchema.parse(json);
    expect(decision).toMatchObject({ agent: 'beta', reason: 'threshold' });
    expect(decision.scores.map((score) => score.agent)).toContain('alpha');
  });

  it('lists the agents with their state', async () => {
    const response = await fetch(`${serve.url}/v1/agents`);
    const { agents } = (await response.json()) as {
      agents: Array<{ name: string; available: boolean; reason?: string }>;
    };
    expect(agents.find((agent) => agent.name === 'alpha')).toMatchObject({ available: true });
    expect(agents.find((agent) => agent.name === 'claude')).toMatchObject({
      available: false,
      reason: expect.stringContaining('ANTHROPIC_API_KEY'),
    });
  });
});
