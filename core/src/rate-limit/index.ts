export { MemoryTokenBucket, refill, takeOne } from './token-bucket.js';
export type { RateLimit, RateLimiter, TakeResult } from './token-bucket.js';
export { RedisTokenBucket } from './redis-token-bucket.js';
export type { RedisTokenBucketOptions } from './redis-token-bucket.js';
