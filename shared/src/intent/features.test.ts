import { describe, expect, it } from 'vitest';
import { extractFeatures, featureName, FEATURE_KIND, normalizeQuery } from './features.js';
import type { FeatureConfig } from './features.js';
import { detectSignals } from './signals.js';

const config: FeatureConfig = {
  dims: 2 ** 16,
  charMin: 3,
  charMax: 5,
  wordWeight: 1,
  charWeight: 0.7,
  lexiconWeight: 2,
  signalWeight: 1,
  maxChars: 512,
  maxTokens: 256,
};

function copy(text: string) {
  const v = extractFeatures(text, config, detectSignals(text, 2024));
  return {
    indices: [...v.indices.slice(0, v.length)],
    values: [...v.values.slice(0, v.length)],
    kinds: [...v.kinds.slice(0, v.length)],
  };
}

describe('normalizeQuery', () => {
  it('replaces URLs, paths, files, domains, dates, years, numbers and fences by placeholders', () => {
    expect(normalizeQuery('See https://example.com/a?b=1 now')).toBe('see xxurl now');
    expect(normalizeQuery('cat /etc/hosts and ./src/app.ts')).toBe('cat xxpath and xxpath');
    expect(normalizeQuery('fix index.ts')).toBe('fix xxfile');
    expect(normalizeQuery('on Booking.com')).toBe('on booking xxdomain');
    expect(normalizeQuery('leave on March 5, 2024 or 20/12/2023')).toBe('leave on xxdate or xxdate');
    expect(normalizeQuery('In 2019 it cost $72.9 billion')).toBe('in xxyear it cost $ xxnum billion');
    expect(normalizeQuery('```js\nx\n```')).toBe('xxfence js x xxfence');
  });

  it('lower-cases and collapses whitespace', () => {
    expect(normalizeQuery('  Explain   MONADS\n\tplease ')).toBe('explain monads please');
  });
});

describe('extractFeatures', () => {
  it('is deterministic: the same text gives the same buckets and values, whatever came before', () => {
    const text = 'Why does my build fail with ENOENT: no such file or directory, open dist/index.js?';
    const first = copy(text);
    copy('something else entirely, much longer than the first text '.repeat(20));
    expect(copy(text)).toEqual(first);
  });

  it('keeps buckets inside dims and scales each group to its weight (L2)', () => {
    const v = extractFeatures('what is the latest version of node', config);
    const norms = new Map<number, number>();
    for (let i = 0; i < v.length; i++) {
      expect(v.indices[i]).toBeGreaterThanOrEqual(0);
      expect(v.indices[i]).toBeLessThan(config.dims);
      const group = v.kinds[i] === FEATURE_KIND.chars ? 'chars' : v.kinds[i]! <= FEATURE_KIND.first ? 'words' : 'other';
      if (group !== 'other') {
        const key = group === 'chars' ? 1 : 0;
        norms.set(key, (norms.get(key) ?? 0) + v.values[i]! ** 2);
      }
    }
    expect(Math.sqrt(norms.get(0)!)).toBeCloseTo(config.wordWeight, 5);
    expect(Math.sqrt(norms.get(1)!)).toBeCloseTo(config.charWeight, 5);
  });

  it('adds word classes, a number-count feature and signal features, each with a readable name', () => {
    const text = 'Which airline announced this week it will cut 2 routes?';
    const v = extractFeatures(text, config, detectSignals(text, 2024));
    const names = Array.from({ length: v.length }, (_, i) => featureName(v, i));
    expect(names).toContain('word "airline"');
    expect(names).toContain('first word "which"');
    expect(names).toContain('words "this week"');
    expect(names).toContain('chars "lin"');
    expect(names).toContain('word class news_event');
    expect(names).toContain('1 number');
    expect(names).toContain('signal recency');
  });

  it('bounds the work on very long inputs', () => {
    const v = extractFeatures('word '.repeat(50_000), config);
    expect(v.length).toBeLessThan(3 * config.maxTokens + 3 * (config.maxChars + 2) + 64);
  });
});
