import { describe, expect, it } from 'vitest';
import { MemoryTokenBucket } from './token-bucket.js';

describe('MemoryTokenBucket', () => {
  it('allows the burst at once, then one request per refill interval', () => {
    let now = 1_000_000;
    const bucket = new MemoryTokenBucket(() => now);
    const limit = { perMinute: 60, burst: 3 };
    expect([1, 2, 3, 4].map(() => bucket.take('a', limit).allowed)).toEqual([true, true, true, false]);
    expect(bucket.take('a', limit)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1000 });
    now += 400;
    expect(bucket.take('a', limit).retryAfterMs).toBe(600);
    now += 600;
    expect(bucket.take('a', limit)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('keeps one bucket per key and never refills past the burst', () => {
    let now = 0;
    const bucket = new MemoryTokenBucket(() => now);
    const limit = { perMinute: 600, burst: 2 };
    bucket.take('a', limit);
    bucket.take('a', limit);
    expect(bucket.take('b', limit).allowed).toBe(true);
    now += 3_600_000;
    expect(bucket.take('a', limit)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
  });
});
