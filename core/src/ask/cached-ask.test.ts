import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PayReadyConfig } from '@payready/shared';
import { memoryAndDiskCache, tempDir } from '../caching/cache-test-helpers.js';
import { testConfig } from '../testing/test-config.js';
import { createMockAgentPlugin, createMockRegistry, type MockAgentPlugin } from '../testing/index.js';
import { askCacheKey } from './cached-ask.js';
import { runAsk, type AskOptions } from './run-ask.js';

let temp: ReturnType<typeof tempDir>;
let config: PayReadyConfig;
beforeEach(async () => {
  temp = tempDir();
  config = await testConfig({ 'routing.backoff_ms': 1, 'routing.max_retries': 0, 'cache.enabled': true });
});
afterEach(() => temp.cleanup());

function setup(plugins: MockAgentPlugin[]) {
  const registry = createMockRegistry(plugins);
  const cache = memoryAndDiskCache(temp.dir);
  const ask = (text: string, extra: Partial<AskOptions> = {}) =>
    runAsk({
      registry,
      config,
      query: { prompt: text, text },
      text,
      persona: { name: 'default', source: 'built-in' },
      signal: new AbortController().signal,
      cache,
      ...extra,
    });
  return { registry, cache, ask };
}

describe('runAsk with the answer cache', () => {
  it('a repeated question is answered from the cache without an upstream call', async () => {
    const alpha = createMockAgentPlugin({ name: 'alpha', score: 0.9, steps: [{ text: 'first' }, { text: 'second' }] });
    const { ask } = setup([alpha]);
    const miss = await ask('q');
    expect(miss).toMatchObject({ answer: 'first', cached: false, cacheLevel: null });
    const hit = await ask('q');
    expect(hit).toMatchObject({
      answer: 'first',
      agent: 'alpha',
      cached: true,
      cacheLevel: 'memory',
      stale: false,
      attempts: [],
      usage: { inputTokens: 3, outputTokens: 5 },
    });
    expect(alpha.calls).toHaveLength(1);
  });

  it('--refresh skips the read and writes the new answer; --no-cache neither reads nor writes', async () => {
    const alpha = createMockAgentPlugin({
      name: 'alpha',
      score: 0.9,
      steps: [{ text: 'one' }, { text: 'two' }, { text: 'three' }],
    });
    const { ask } = setup([alpha]);
    await ask('q');
    expect(await ask('q', { cacheMode: 'refresh' })).toMatchObject({ answer: 'two', cached: false });
    expect(await ask('q')).toMatchObject({ answer: 'two', cached: true });
    expect(await ask('q', { cacheMode: 'off' })).toMatchObject({ answer: 'three', cached: false });
    expect(await ask('q')).toMatchObject({ answer: 'two', cached: true });
  });

  it('is off when cache.enabled is false', async () => {
    const alpha = createMockAgentPlugin({ name: 'alpha', score: 0.9 });
    const { ask } = setup([alpha]);
    config = { ...config, cache: { ...config.cache, enabled: false } };
    await ask('q');
    await ask('q');
    expect(alpha.calls).toHaveLength(2);
  });

  it('never caches a failure', async () => {
    const alpha = createMockAgentPlugin({
      name: 'alpha',
      score: 0.9,
      steps: [{ error: { kind: 'internal', message: 'boom' } }, { text: 'ok' }],
    });
    const { ask } = setup([alpha]);
    await expect(
      ask('q', { forcedAgent: 'alpha', config: { ...config, routing: { ...config.routing, fallback: false } } }),
    ).rejects.toThrow();
    expect(await ask('q', { forcedAgent: 'alpha' })).toMatchObject({ answer: 'ok', cached: false });
    expect(alpha.calls).toHaveLength(2);
  });

  it('after a fallback, stores the answer under the chosen agent and under the answering agent', async () => {
    const alpha = createMockAgentPlugin({
      name: 'alpha',
      score: 0.9,
      fallback: 'beta',
      steps: [{ error: { kind: 'unavailable', message: 'down' } }],
    });
    const beta = createMockAgentPlugin({ name: 'beta', score: 0.1, steps: [{ text: 'from beta' }] });
    const { ask } = setup([alpha, beta]);
    expect(await ask('q')).toMatchObject({ agent: 'beta', cached: false });
    expect(await ask('q')).toMatchObject({ agent: 'beta', answer: 'from beta', cached: true });
    expect(await ask('q', { forcedAgent: 'beta' })).toMatchObject({ agent: 'beta', cached: true });
    expect(alpha.calls).toHaveLength(1);
    expect(beta.calls).toHaveLength(1);
  });

  it('concurrent identical asks in one process make one upstream call (single-flight)', async () => {
    const alpha = createMockAgentPlugin({ name: 'alpha', score: 0.9, steps: [{ text: 'slow', delayMs: 50 }] });
    const { ask } = setup([alpha]);
    const results = await Promise.all([ask('q'), ask('q'), ask('q')]);
    expect(results.map((result) => result.answer)).toEqual(['slow', 'slow', 'slow']);
    expect(alpha.calls).toHaveLength(1);
  });

  it('serves a stale entry, marked stale, when every agent fails; never a web answer past its freshness', async () => {
    const alpha = createMockAgentPlugin({
      name: 'alpha',
      score: 0.9,
      steps: [{ text: 'kept' }, { error: { kind: 'internal', message: 'down' } }],
    });
    const { ask, cache, registry } = setup([alpha]);
    config = await testConfig({ 'cache.ttl': '1ms', 'routing.max_retries': 0, 'routing.fallback': false });
    await ask('q');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const stale = await ask('q');
    expect(stale).toMatchObject({ answer: 'kept', cached: true, stale: true });
    expect(stale.attempts).toEqual([expect.objectContaining({ agent: 'alpha', ok: false })]);
    const key = askCacheKey(
      {
        registry,
        config,
        query: { prompt: 'q', text: 'q' },
        text: 'q',
        persona: { name: 'default', source: 'built-in' },
        signal: new AbortController().signal,
      },
      'alpha',
    );
    expect((await cache.lookup(key, { record: false }))?.stale).toBe(true);
  });

  it('keys differ by persona, model and template context', async () => {
    const alpha = createMockAgentPlugin({ name: 'alpha', score: 0.9 });
    const { registry } = setup([alpha]);
    const options: AskOptions = {
      registry,
      config,
      query: { prompt: 'q', text: 'q' },
      text: 'q',
      persona: { name: 'default', source: 'built-in' },
      signal: new AbortController().signal,
    };
    const keys = new Set([
      askCacheKey(options, 'alpha'),
      askCacheKey({ ...options, model: 'other' }, 'alpha'),
      askCacheKey({ ...options, persona: { name: 'reviewer', source: 'x' } }, 'alpha'),
      askCacheKey({ ...options, templateContext: { branch: 'main' } }, 'alpha'),
      askCacheKey({ ...options, history: [{ role: 'user', content: 'before' }] }, 'alpha'),
    ]);
    expect(keys.size).toBe(5);
  });
});
