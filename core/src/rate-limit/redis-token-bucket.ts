import type { Cluster, Redis } from 'ioredis';
import { loadIoredis } from '../caching/redis-level.js';
import { MemoryTokenBucket, type RateLimit, type RateLimiter, type TakeResult } from './token-bucket.js';

// One atomic step per request, on Redis's clock so replicas with skewed clocks agree. Mirrors refill() and
// takeOne(); fractional tokens are kept as strings because Lua numbers returned to Redis lose their fraction.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local per_ms = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then tokens = burst; at = now end
tokens = math.min(burst, tokens + math.max(0, now - at) * per_ms)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / per_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / per_ms) + 1000)
return {allowed, wait, math.floor(tokens)}
`;

type Client = (Redis | Cluster) & {
  payreadyTake(key: string, perMs: string, burst: string): Promise<[number, number, number]>;
};

export interface RedisTokenBucketOptions {
  url?: string;
  cluster?: string[];
  connectTimeoutMs: number;
  /** After a Redis failure, buckets are kept in this process this long before Redis is tried again. */
  cooldownMs: number;
  prefix?: string;
  warn?: (message: string) => void;
  /** The buckets used while Redis is down: this process's by default; a serve worker's primary's. */
  fallback?: RateLimiter;
}

/**
 * Token buckets in Redis, so every replica draws on one budget per token. Redis trouble never blocks a
 * request: the limiter falls back to local buckets for the cool-down (a replica then enforces the budget on
 * its own), and says so once.
 */
export class RedisTokenBucket implements RateLimiter {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private downUntil = 0;
  private warned = false;
  private readonly local: RateLimiter;
  private readonly prefix: string;

  constructor(private readonly options: RedisTokenBucketOptions) {
    this.prefix = options.prefix ?? 'payready:v1:rate:';
    this.local = options.fallback ?? new MemoryTokenBucket();
  }

  private async connect(): Promise<Client> {
    const { Redis, Cluster } = await loadIoredis();
    const timeout = this.options.connectTimeoutMs;
    const common = {
      lazyConnect: true,
      connectTimeout: timeout,
      commandTimeout: timeout * 2,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    };
    const client = (
      this.options.cluster?.length
        ? new Cluster(
            this.options.cluster.map((seed) => {
              const [host, port] = seed.split(':');
              return { host: host!, port: Number(port ?? 6379) };
            }),
            { lazyConnect: true, enableOfflineQueue: false, clusterRetryStrategy: () => null, redisOptions: common },
          )
        : new Redis(this.options.url!, common)
    ) as Client;
    client.on('error', () => undefined);
    client.defineCommand('payreadyTake', { numberOfKeys: 1, lua: TAKE });
    await client.connect();
    return client;
  }

  async take(key: string, limit: RateLimit): Promise<TakeResult> {
    if (Date.now() < this.downUntil) return this.local.take(key, limit);
    try {
      this.connecting ??= this.connect();
      this.client ??= await this.connecting;
      const [allowed, wait, remaining] = await this.client.payreadyTake(
        `${this.prefix}${key}`,
        String(limit.perMinute / 60_000),
        String(limit.burst),
      );
      return { allowed: allowed === 1, retryAfterMs: wait, remaining };
    } catch (error) {
      this.fail(error);
      return this.local.take(key, limit);
    }
  }

  private fail(error: unknown): void {
    this.downUntil = Date.now() + this.options.cooldownMs;
    const client = this.client;
    this.client = undefined;
    this.connecting = undefined;
    client?.disconnect();
    if (!this.warned) {
      this.warned = true;
      this.options.warn?.(
        `rate limits kept per replica: Redis is unusable (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }

  /** Whether Redis answers a PING now (for readiness); a failure also starts the cool-down. */
  async reachable(): Promise<boolean> {
    try {
      this.connecting ??= this.connect();
      this.client ??= await this.connecting;
      await this.client.ping();
      this.downUntil = 0;
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  async close(): Promise<void> {
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    client?.disconnect();
  }
}
