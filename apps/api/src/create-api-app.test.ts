import { createHash } from 'node:crypto';
import { createMockAgentPlugin } from '@payready/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testConfig } from '@payready/core/testing';
import { apiTestContext } from './api-test-context.js';
import { createApiApp } from './create-api-app.js';

const TOKEN = 'unit-token-abcdef';
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(overrides: Record<string, unknown> = {}, bodyLimitBytes = 1024 * 1024): Promise<FastifyInstance> {
  const config = await testConfig({
    'routing.circuit_breaker.enabled': false,
    'routing.max_retries': 0,
    ...overrides,
  });
  const plugins = [
    createMockAgentPlugin({ name: 'alpha', score: 0.9, steps: [{ text: 'answer from alpha' }] }),
    createMockAgentPlugin({ name: 'local', score: 0.1 }),
  ];
  app = await createApiApp({ context: apiTestContext({ config, plugins }), bodyLimitBytes });
  return app;
}

const chat = (body: Record<string, unknown>) => ({
  method: 'POST' as const,
  url: '/v1/chat/completions',
  payload: { model: 'payready/auto', messages: [{ role: 'user', content: 'hello' }], ...body },
});

describe('createApiApp', () => {
  it('answers /health and /v1/ask', async () => {
    const api = await build();
    expect((await api.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const response = await api.inject({ method: 'POST', url: '/v1/ask', payload: { prompt: 'hi' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ answer: 'answer from alpha', agent: 'alpha' });
  });

  it('checks bearer tokens against their sha256 digests', async () => {
    const api = await build({
      'server.tokens': [{ name: 'unit', sha256: createHash('sha256').update(TOKEN).digest('hex') }],
    });
    const denied = await api.inject({ method: 'GET', url: '/v1/agents' });
    expect(denied.statusCode).toBe(401);
    expect(denied.json()).toEqual({
      error: { type: 'unauthorized', message: expect.stringContaining('missing bearer token') },
    });
    expect(
      (await api.inject({ method: 'GET', url: '/v1/agents', headers: { authorization: `Bearer ${TOKEN}` } }))
        .statusCode,
    ).toBe(200);
  });

  it('413 over the body limit, 404 for unknown routes, 400 for unparseable JSON', async () => {
    const api = await build({}, 256);
    const large = await api.inject({ method: 'POST', url: '/v1/ask', payload: { prompt: 'x'.repeat(1000) } });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.type).toBe('payload_too_large');
    expect((await api.inject({ method: 'GET', url: '/nope' })).json().error.type).toBe('not_found');
    const broken = await api.inject({
      method: 'POST',
      url: '/v1/ask',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    expect(broken.statusCode).toBe(400);
  });

  it('429 with retry-after when the bucket is empty', async () => {
    const api = await build({ 'server.rate_limit.burst': 1, 'server.rate_limit.requests_per_minute': 6 });
    expect((await api.inject({ method: 'GET', url: '/v1/agents' })).statusCode).toBe(200);
    const limited = await api.inject({ method: 'GET', url: '/v1/agents' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('10');
    expect(limited.json().error).toMatchObject({ type: 'rate_limited', kind: 'rate_limit' });
  });

  it('streams chat completions in OpenAI wire format', async () => {
    const api = await build();
    const response = await api.inject(chat({ stream: true, stream_options: { include_usage: true } }));
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = response.body.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events
      .slice(0, -1)
      .map((event) => JSON.parse(event.replace(/^data: /, '')) as Record<string, unknown>);
    expect(chunks.map((chunk) => chunk.choices)).toEqual([
      [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }],
      [{ index: 0, delta: { content: 'answer from alpha' }, finish_reason: null, logprobs: null }],
      [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }],
      [],
    ]);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'payready/alpha')).toBe(
      true,
    );
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('gives OpenAI-route errors param and code', async () => {
    const api = await build();
    const response = await api.inject(chat({ model: 'gpt-4o' }));
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ type: 'model_not_found', code: 'model_not_found', param: 'model' });
  });
});
