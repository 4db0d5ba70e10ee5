import { describe, expect, it } from 'vitest';
import { formatNumberedResults, formatResultsAnswer } from './format-results.js';
import { buildSummaryRequest } from './summarise.js';
import type { SearchResult } from './search-provider.js';
import { cleanText } from './clean-text.js';
import { toSearchQuery } from './search-provider.js';

const RESULTS: SearchResult[] = [
  { title: 'Node 24 released', url: 'https://nodejs.org/24', snippet: 'Node.js 24 is out.', date: '2026-05-06' },
  { title: 'Undated page', url: 'https://example.com/u', snippet: '' },
];

describe('formatNumberedResults', () => {
  it('writes `[n] title — url (date): snippet`, leaving out what a result lacks', () => {
    expect(formatNumberedResults(RESULTS)).toBe(
      '[1] Node 24 released — https://nodejs.org/24 (2026-05-06): Node.js 24 is out.\n[2] Undated page — https://example.com/u',
    );
  });
});

describe('formatResultsAnswer', () => {
  it('lists title, URL, date (or "undated") and snippet in rank order', () => {
    const text = formatResultsAnswer(RESULTS, { days: 100 });
    expect(text).toContain('last 100 days');
    expect(text).toMatch(
      /1\. Node 24 released\n {3}https:\/\/nodejs\.org\/24\n {3}2026-05-06\n {3}Node\.js 24 is out\./,
    );
    expect(text).toMatch(/2\. Undated page\n {3}https:\/\/example\.com\/u\n {3}undated/);
  });
});

describe('buildSummaryRequest', () => {
  it('asks for numbered citations over the numbered results and keeps the persona temperature', () => {
    const request = buildSummaryRequest({
      request: { text: 'what is new in node?', persona: { name: 'default', temperature: 0.2, model: 'web-model' } },
      results: RESULTS,
      days: 100,
      now: new Date('2026-06-15T00:00:00Z'),
    });
    expect(request.text).toContain('what is new in node?');
    expect(request.text).toContain('[1] Node 24 released — https://nodejs.org/24 (2026-05-06)');
    expect(request.text).toMatch(/cite/i);
    expect(request.text).toContain('2026-06-15');
    expect(request.persona).toMatchObject({ name: 'default', temperature: 0.2 });
    expect(request.persona.system).toMatch(/\[1\]/);
    expect(request.persona.model).toBeUndefined();
  });
});

describe('cleanText and toSearchQuery', () => {
  it('strips markup and decodes common entities', () => {
    expect(cleanText('<strong>Node</strong> &amp; npm&#39;s  \n release')).toBe("Node & npm's release");
    expect(cleanText(undefined)).toBe('');
  });

  it('bounds the query to 50 words and 400 characters', () => {
    expect(toSearchQuery('  latest   node  ')).toBe('latest node');
    expect(toSearchQuery(Array.from({ length: 80 }, (_, i) => `w${i}`).join(' ')).split(' ')).toHaveLength(50);
    expect(toSearchQuery('x'.repeat(30).concat(' ').repeat(40)).length).toBeLessThanOrEqual(400);
  });
});
