import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentSettings } from '@payready/agent-contract';
import type { PayReadyConfig } from '@payready/shared';
import { memoryAndDiskCache, tempDir } from '../caching/cache-test-helpers.js';
import { testConfig } from '../testing/test-config.js';
import { askCacheKey } from '../ask/cached-ask.js';
import { runAsk, type AskOptions } from '../ask/run-ask.js';
import { createMockAgentPlugin, createMockRegistry } from '../testing/index.js';
import { canarySide } from './canary-split.js';

let temp: ReturnType<typeof tempDir>;
let config: PayReadyConfig;
beforeEach(async () => {
  temp = tempDir();
  config = await testConfig({ 'routing.backoff_ms': 1, 'routing.max_retries': 0, 'cache.enabled': true });
});
afterEach(() => temp.cleanup());

const stableSettings: AgentSettings = { model: 'm-stable', base_url: 'http://stable.test/v1' };
const withCanary = (percent: number): AgentSettings => ({
  ...stableSettings,
  canary: { model: 'm-canary', endpoint: 'http://canary.test/v1', percent },
});

function setup(settings: AgentSettings) {
  const alpha = createMockAgentPlugin({ name: 'alpha', score: 0.9, steps: [{ text: 'answer' }] });
  const registry = createMockRegistry([alpha], { alpha: settings });
  const cache = memoryAndDiskCache(temp.dir);
  const options = (text: string): AskOptions => ({
    registry,
    config,
    query: { prompt: text, text },
    text,
    persona: { name: 'default', source: 'built-in' },
    signal: new AbortController().signal,
    cache,
  });
  return { alpha, registry, options, ask: (text: string) => runAsk(options(text)) };
}

const questions = Array.from({ length: 40 }, (_, index) => `question number ${index}`);

describe('an ask on each side of a canary', () => {
  it("runs the canary side with the canary's model and endpoint, and says which side answered", async () => {
    const { alpha, ask } = setup(withCanary(50));
    for (const question of questions) {
      const side = canarySide('alpha', question, 50);
      const result = await ask(question);
      const call = alpha.calls.at(-1)!;
      expect(result.variant).toBe(side);
      expect(call.settings).toMatchObject(
        side === 'canary'
          ? { model: 'm-canary', base_url: 'http://canary.test/v1' }
          : { model: 'm-stable', base_url: 'http://stable.test/v1' },
      );
      expect(result.decision.variant).toBe(side);
      expect(result.attempts[0]!.variant).toBe(side === 'canary' ? 'canary' : undefined);
      expect(call.request.text).toBe(question);
    }
    expect(new Set(questions.map((question) => canarySide('alpha', question, 50)))).toEqual(
      new Set(['stable', 'canary']),
    );
  });

  it('keys a canary answer by the canary settings: never served as stable, unmoved by a percent change', () => {
    const question = questions.find((text) => canarySide('alpha', text, 50) === 'canary')!;
    const none = setup(stableSettings).options(question);
    const at0 = setup(withCanary(0)).options(question);
    const at50 = setup(withCanary(50)).options(question);
    const at100 = setup(withCanary(100)).options(question);
    // The stable key ignores the canary block; the canary's differs from it.
    expect(askCacheKey(at0, 'alpha')).toBe(askCacheKey(none, 'alpha'));
    expect(askCacheKey(at50, 'alpha')).not.toBe(askCacheKey(none, 'alpha'));
    expect(askCacheKey(at50, 'alpha')).toBe(askCacheKey(at100, 'alpha'));
    // After promote the canary's settings are the stable ones: its answers are already cached under them.
    const promoted = setup({ model: 'm-canary', base_url: 'http://canary.test/v1' }).options(question);
    expect(askCacheKey(promoted, 'alpha')).toBe(askCacheKey(at50, 'alpha'));
  });

  it('a repeated canary question is a cache hit that still reports the canary side', async () => {
    const question = questions.find((text) => canarySide('alpha', text, 50) === 'canary')!;
    const { alpha, ask } = setup(withCanary(50));
    await ask(question);
    const hit = await ask(question);
    expect(hit).toMatchObject({ cached: true, variant: 'canary' });
    expect(alpha.calls).toHaveLength(1);
  });
});
