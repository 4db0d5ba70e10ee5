import { describe, expect, it } from 'vitest';
import { canaryBucket, canarySide } from './canary-split.js';

const queries = Array.from({ length: 10_000 }, (_, index) => `how do I configure retries for service ${index}?`);

describe('canary split', () => {
  it.each([5, 25, 50])('sends %d %% of 10,000 distinct queries to the canary, within ±2 points', (percent) => {
    const canary = queries.filter((query) => canarySide('codex', query, percent) === 'canary').length;
    expect(Math.abs((canary / queries.length) * 100 - percent)).toBeLessThanOrEqual(2);
  });

  it('0 % sends nothing to the canary and 100 % everything', () => {
    expect(queries.every((query) => canarySide('codex', query, 0) === 'stable')).toBe(true);
    expect(queries.every((query) => canarySide('codex', query, 100) === 'canary')).toBe(true);
  });

  it('is sticky: the same question takes the same side, whatever its case and spacing', () => {
    const sides = queries.slice(0, 500).map((query) => canarySide('codex', query, 30));
    expect(queries.slice(0, 500).map((query) => canarySide('codex', query, 30))).toEqual(sides);
    expect(queries.slice(0, 500).map((query) => canarySide('codex', `  ${query.toUpperCase()}\n`, 30))).toEqual(sides);
  });

  it('raising the percent only moves queries from stable to canary (monotone)', () => {
    for (const query of queries.slice(0, 2000))
      if (canarySide('codex', query, 10) === 'canary') expect(canarySide('codex', query, 20)).toBe('canary');
  });

  it('splits each agent independently', () => {
    const codex = queries.map((query) => canarySide('codex', query, 50));
    const claude = queries.map((query) => canarySide('claude', query, 50));
    const same = codex.filter((side, index) => side === claude[index]).length / queries.length;
    expect(same).toBeGreaterThan(0.45);
    expect(same).toBeLessThan(0.55);
  });

  it('is the same in every process and on every machine: pinned buckets', () => {
    // sha256 of "agent NUL text": changing these moves live traffic between sides (and its cache entries).
    expect(canaryBucket('codex', 'hello')).toBe(7098);
    expect(canaryBucket('claude', 'hello')).toBe(6273);
    expect(canaryBucket('codex', 'What is a  canary release?')).toBe(2850);
    expect(canarySide('codex', 'what is a canary release?', 28.5)).toBe('stable');
    expect(canarySide('codex', 'what is a canary release?', 28.51)).toBe('canary');
  });
});
