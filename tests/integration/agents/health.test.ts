import { afterEach, describe, expect, it } from 'vitest';
import type { AgentSettings, Availability } from '@payready/agent-contract';
import { createClaudePlugin } from '../../../plugins/official/claude/src/index.js';
import { createCodexPlugin } from '../../../plugins/official/codex/src/index.js';
import { testExecuteContext } from '../../test-utils/src/agent-context.js';
import { startFakeAnthropic } from '../../test-utils/src/fake-anthropic.js';
import { startFakeOpenAI } from '../../test-utils/src/fake-openai.js';
import { startHttpFixture, type HttpFixture } from '../../test-utils/src/http-fixture.js';
import { refusedUrl } from './agent-test-helpers.js';

// health() of the claude and codex plugins through the real SDKs against local fakes: GET /v1/models.

const ANTHROPIC_KEY = 'sk-ant-health-test-0123456789';
const OPENAI_KEY = 'sk-proj-health-test-0123456789';
const claude = createClaudePlugin();
const codex = createCodexPlugin();

const servers: HttpFixture[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function track<T extends HttpFixture>(server: Promise<T>): Promise<T> {
  const started = await server;
  servers.push(started);
  return started;
}

function check(
  plugin: typeof claude,
  options: { settings: AgentSettings; env?: Record<string, string>; timeoutMs?: number },
): Promise<Availability> {
  // Generous: the first check of a run also pays for importing the SDK under vitest's transform.
  const timeoutMs = options.timeoutMs ?? 10_000;
  const context = testExecuteContext({ ...options, timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
  return plugin.health!(context);
}

function expectNoSecret(result: Availability, secret: string): void {
  expect(JSON.stringify(result)).not.toContain(secret);
}

describe('claude health()', () => {
  const env = { ANTHROPIC_API_KEY: ANTHROPIC_KEY };

  it('is ok when the base URL answers and lists the configured model', async () => {
    const fake = await track(startFakeAnthropic({ apiKey: ANTHROPIC_KEY }));
    const result = await check(claude, { settings: { base_url: fake.url, model: 'claude-sonnet-5-5' }, env });
    expect(result).toEqual({
      ok: true,
      details: { url: fake.url, model: 'claude-sonnet-5-5', reachable: true, modelKnown: true },
    });
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models']);
  });

  it('takes an alias for its dated id', async () => {
    const fake = await track(startFakeAnthropic({ models: ['claude-sonnet-4-5-20250929'] }));
    const result = await check(claude, { settings: { base_url: fake.url, model: 'claude-sonnet-4-5' }, env });
    expect(result.ok).toBe(true);
  });

  it('reports a model the server does not list, with listed ones in the fix', async () => {
    const fake = await track(startFakeAnthropic({ models: ['claude-haiku-4-5', 'claude-opus-5'] }));
    const result = await check(claude, { settings: { base_url: fake.url, model: 'claude-nonexistent-1' }, env });
    expect(result).toMatchObject({
      ok: false,
      reason: 'model "claude-nonexistent-1" is not in the server\'s model list',
      details: { reachable: true, modelKnown: false },
    });
    expect(result.fix).toContain('claude-haiku-4-5, claude-opus-5');
  });

  it('says "key rejected (401)" and where the key came from, never the key', async () => {
    const fake = await track(startFakeAnthropic({ apiKey: 'sk-ant-the-right-one' }));
    const result = await check(claude, { settings: { base_url: fake.url }, env });
    expect(result).toMatchObject({ ok: false, reason: 'key rejected (401)', details: { reachable: true } });
    expect(result.fix).toContain('env:ANTHROPIC_API_KEY');
    expectNoSecret(result, ANTHROPIC_KEY);
  });

  it('is not ok, not reachable, when nothing listens on the base URL', async () => {
    const result = await check(claude, { settings: { base_url: await refusedUrl() }, env });
    expect(result).toMatchObject({ ok: false, details: { reachable: false } });
    expect(result.reason).toMatch(/anthropic connection failed/);
    expect(result.fix).toContain('ANTHROPIC_BASE_URL');
  });

  it('gives up when the server never answers, within the timeout it was given', async () => {
    const silent = await track(startHttpFixture(() => undefined));
    const result = await check(claude, { settings: { base_url: silent.url }, env, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, reason: 'anthropic did not answer within 300 ms' });
    expect(result.details?.reachable).toBe(false);
  });

  it('without a key says what available() says and makes no request', async () => {
    const fake = await track(startFakeAnthropic());
    const result = await check(claude, { settings: { base_url: fake.url } });
    expect(result).toMatchObject({ ok: false, missingCredentials: true, reason: 'ANTHROPIC_API_KEY is not set' });
    expect(fake.requestCount).toBe(0);
  });
});

describe('codex health()', () => {
  const env = { OPENAI_API_KEY: OPENAI_KEY };

  it('is ok when the server lists the configured model', async () => {
    const fake = await track(startFakeOpenAI({ apiKey: OPENAI_KEY }));
    const result = await check(codex, { settings: { base_url: fake.url, model: 'gpt-5-mini' }, env });
    expect(result).toEqual({
      ok: true,
      details: { url: fake.url, model: 'gpt-5-mini', reachable: true, modelKnown: true },
    });
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models']);
  });

  it('reports a model the server does not list', async () => {
    const fake = await track(startFakeOpenAI({ models: ['llama3.2', 'qwen3'] }));
    const result = await check(codex, { settings: { base_url: fake.url, model: 'gpt-5-mini' }, env });
    expect(result).toMatchObject({ ok: false, details: { reachable: true, modelKnown: false } });
    expect(result.reason).toContain('"gpt-5-mini"');
    expect(result.fix).toContain('llama3.2, qwen3');
  });

  it('treats a 404 on /models of a compatible server as reachable, model unknown', async () => {
    const bare = await track(
      startHttpFixture((_request, res) => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found');
      }),
    );
    const result = await check(codex, { settings: { base_url: `${bare.url}/v1`, model: 'local-model' } });
    expect(result).toEqual({
      ok: true,
      details: {
        url: `${bare.url}/v1`,
        model: 'local-model',
        reachable: true,
        modelNote: 'server does not list models',
      },
    });
  });

  it('needs no key for a local server that wants none', async () => {
    const fake = await track(startFakeOpenAI({ apiKey: null, models: ['llama3.2'] }));
    const result = await check(codex, { settings: { base_url: fake.url, model: 'llama3.2' } });
    expect(result.ok).toBe(true);
  });

  it('says "key rejected (401)" and where the key came from, never the key', async () => {
    const fake = await track(startFakeOpenAI({ apiKey: 'sk-proj-the-right-one' }));
    const result = await check(codex, { settings: { base_url: fake.url }, env });
    expect(result).toMatchObject({ ok: false, reason: 'key rejected (401)', details: { reachable: true } });
    expect(result.fix).toContain('env:OPENAI_API_KEY');
    expectNoSecret(result, OPENAI_KEY);
  });

  it('is not ok, not reachable, when nothing listens on the base URL', async () => {
    const result = await check(codex, { settings: { base_url: await refusedUrl('/v1') }, env });
    expect(result).toMatchObject({ ok: false, details: { reachable: false } });
    expect(result.reason).toMatch(/connection failed/);
    expect(result.fix).toContain('OPENAI_BASE_URL');
  });

  it('gives up when the server never answers, within the timeout it was given', async () => {
    const silent = await track(startHttpFixture(() => undefined));
    const result = await check(codex, { settings: { base_url: `${silent.url}/v1` }, env, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, details: { reachable: false } });
    expect(result.reason).toMatch(/did not answer within 300 ms/);
  });

  it('without a key for api.openai.com says what available() says', async () => {
    const result = await check(codex, { settings: {} });
    expect(result).toMatchObject({ ok: false, missingCredentials: true, reason: 'OPENAI_API_KEY is not set' });
  });
});
