import { describe, expect, it } from 'vitest';
import { braveRetryAfterMs } from './brave-provider.js';
import { searxngTimeRange } from './searxng-provider.js';
import { httpError, parseRetryAfter } from './web-error.js';

describe('httpError', () => {
  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [404, 'unavailable'],
    [422, 'bad_request'],
    [429, 'rate_limit'],
    [500, 'internal'],
    [502, 'overloaded'],
    [503, 'overloaded'],
  ])('HTTP %i → %s', (status, kind) => {
    expect(httpError({ provider: 'X', status }).kind).toBe(kind);
  });

  it('retries a 500 even though it is `internal`', () => {
    expect(httpError({ provider: 'X', status: 500 }).retryable).toBe(true);
    expect(httpError({ provider: 'X', status: 400 }).retryable).toBe(false);
  });
});

describe('retry-after', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250.5' }))).toBe(251);
    expect(parseRetryAfter(new Headers({ 'retry-after': '7' }))).toBe(7000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });

  it('Brave: the reset of the exhausted window', () => {
    const perSecond = new Headers({ 'x-ratelimit-remaining': '0, 1000', 'x-ratelimit-reset': '1, 1419704' });
    expect(braveRetryAfterMs(perSecond)).toBe(1000);
    const monthly = new Headers({ 'x-ratelimit-remaining': '1, 0', 'x-ratelimit-reset': '1, 86400' });
    expect(braveRetryAfterMs(monthly)).toBe(86_400_000);
  });
});

describe('searxngTimeRange', () => {
  it('picks the smallest SearXNG range that covers the filter', () => {
    expect(searxngTimeRange(1)).toBe('day');
    expect(searxngTimeRange(7)).toBe('week');
    expect(searxngTimeRange(8)).toBe('month');
    expect(searxngTimeRange(30)).toBe('month');
    expect(searxngTimeRange(100)).toBe('year');
    expect(searxngTimeRange(365)).toBe('year');
    expect(searxngTimeRange(400)).toBeUndefined();
  });
});
