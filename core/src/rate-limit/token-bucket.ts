/** A budget: `burst` requests at once, refilled at `perMinute` requests per minute. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: how long until one token is back. */
  retryAfterMs: number;
}

/** Where buckets live: this process (MemoryTokenBucket) or Redis, shared by every replica (RedisTokenBucket). */
export interface RateLimiter {
  take(key: string, limit: RateLimit): Promise<TakeResult> | TakeResult;
  close(): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** The refill arithmetic, one copy for both stores (the Lua script mirrors it). */
export function refill(bucket: Bucket | undefined, limit: RateLimit, now: number): Bucket {
  if (!bucket) return { tokens: limit.burst, at: now };
  const perMs = limit.perMinute / 60_000;
  return { tokens: Math.min(limit.burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs), at: now };
}

export function takeOne(bucket: Bucket, limit: RateLimit): TakeResult {
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterMs: 0 };
  }
  const perMs = limit.perMinute / 60_000;
  return { allowed: false, remaining: 0, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
}

/** Per-process token buckets; full buckets are dropped so idle keys cost nothing. */
export class MemoryTokenBucket implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, limit: RateLimit): TakeResult {
    const bucket = refill(this.buckets.get(key), limit, this.now());
    const result = takeOne(bucket, limit);
    this.buckets.set(key, bucket);
    if (++this.sweeps >= 10_000) this.sweep(limit);
    return result;
  }

  private sweep(limit: RateLimit): void {
    this.sweeps = 0;
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      if (refill(bucket, limit, now).tokens >= limit.burst) this.buckets.delete(key);
    }
  }

  async close(): Promise<void> {}
}
