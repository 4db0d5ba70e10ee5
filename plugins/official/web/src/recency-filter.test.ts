import { describe, expect, it } from 'vitest';
import { applyRecencyFilter, recencyCutoff, recencyWindow } from './recency-filter.js';
import type { SearchResult } from './search-provider.js';

const NOW = new Date('2026-06-15T12:34:56Z');

function result(title: string, date?: string): SearchResult {
  return { title, url: `https://example.com/${title}`, snippet: '', ...(date ? { date } : {}) };
}

describe('recencyWindow', () => {
  it('spans date_filter days back from today, as UTC calendar days', () => {
    expect(recencyWindow(100, NOW)).toEqual({ from: '2026-03-07', to: '2026-06-15' });
    expect(recencyCutoff(1, NOW).toISOString()).toBe('2026-06-14T00:00:00.000Z');
  });
});

describe('applyRecencyFilter', () => {
  it('drops dated results older than the cutoff and keeps the boundary day', () => {
    const kept = applyRecencyFilter(
      [result('old', '2026-03-06'), result('edge', '2026-03-07'), result('new', '2026-06-01')],
      {
        days: 100,
        now: NOW,
      },
    );
    expect(kept.map((r) => r.title)).toEqual(['edge', 'new']);
  });

  it('keeps undated results but ranks them after every dated one, each group in provider order', () => {
    const kept = applyRecencyFilter(
      [
        result('u1'),
        result('d1', '2026-05-01'),
        result('u2'),
        result('stale', '2020-01-01'),
        result('d2', '2026-06-10'),
      ],
      { days: 100, now: NOW },
    );
    expect(kept.map((r) => r.title)).toEqual(['d1', 'd2', 'u1', 'u2']);
  });

  it('returns nothing when everything is stale', () => {
    expect(applyRecencyFilter([result('a', '2025-01-01')], { days: 30, now: NOW })).toEqual([]);
  });
});
