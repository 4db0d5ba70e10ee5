import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort, startRedis, type RedisServer } from '../../test-utils/src/index.js';
import { createCacheHome, sleep, type CacheHome } from './cache-test-env.js';
import { rawRedis, type RawRedis } from './raw-redis.js';

const CONNECT_TIMEOUT_MS = 100;
let redis: RedisServer;
let raw: RawRedis;
const homes: CacheHome[] = [];
function home(env: Record<string, string> = {}): CacheHome {
  // A generous timeout where Redis must be used (a loaded CI machine can take >200 ms to answer); the
  // failure tests set CONNECT_TIMEOUT_MS on the asks they measure.
  const created = createCacheHome({ REDIS_URL: redis.url, PAYREADY_CACHE__REDIS__CONNECT_TIMEOUT_MS: '2000', ...env });
  homes.push(created);
  return created;
}
/** The warning a process prints when Redis fails, with the ms it cost that process. */
function redisFailureMs(stderr: string): number | undefined {
  const match = /Redis cache unavailable \(.*\) after (\d+) ms/.exec(stderr);
  return match ? Number(match[1]) : undefined;
}

beforeAll(async () => {
  redis = await startRedis();
  raw = rawRedis(redis.url);
});
afterAll(async () => {
  raw.disconnect();
  await redis.stop();
});
beforeEach(async () => {
  await raw.flushall();
});
afterEach(() => {
  for (const created of homes.splice(0)) created.cleanup();
});

describe('answer cache with a real Redis (L2) through the CLI', () => {
  it('another machine (home) gets the answer from Redis, and it is promoted to that disk', async () => {
    const ci1 = home();
    const ci2 = home();
    expect((await ci1.ask(['shared question'])).json.cached).toBe(false);
    const keys = await raw.keys('payready:v1:*');
    expect(keys).toHaveLength(1);
    const ttl = await raw.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(48 * 3_600_000);
    const hit = await ci2.ask(['shared question']);
    expect(hit.json).toMatchObject({ cached: true, cacheLevel: 'redis', answer: 'counted: shared question' });
    expect(ci1.calls() + ci2.calls()).toBe(1);
    expect(ci2.answers()).toHaveLength(1); // promoted to ci2's disk
    await redis.stop();
    const fromDisk = await ci2.ask(['shared question']);
    expect(fromDisk.json).toMatchObject({ cached: true, cacheLevel: 'disk' });
    redis = await startRedis(redis.port);
    raw.disconnect();
    raw = rawRedis(redis.url);
  });

  it('Redis keys expire with the agent TTL', async () => {
    const user = home({ PAYREADY_AGENTS__COUNTER__CACHE_TTL: '1s', PAYREADY_CACHE__STALE_TTL: '0' });
    await user.ask(['expiring']);
    const [key] = await raw.keys('payready:v1:*');
    expect(await raw.pttl(key!)).toBeLessThanOrEqual(1000);
    await sleep(1200);
    expect(await raw.exists(key!)).toBe(0);
  });

  it('Redis killed mid-run: the next ask pays at most ~the connect timeout once, later asks skip Redis', async () => {
    const port = await freePort();
    const own = await startRedis(port);
    let stopped = false; // RedisServer.stop() never resolves a second time: a SIGKILLed child keeps exitCode null
    const user = home({ REDIS_URL: own.url });
    const measured = { PAYREADY_CACHE__REDIS__CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) };
    try {
      await user.ask(['before the crash']);
      expect(existsSync(join(user.stateDir, 'redis-breaker.json'))).toBe(false);
      await own.stop();
      stopped = true;
      const first = await user.ask(['before the crash'], measured);
      expect(first.json).toMatchObject({ cached: true, cacheLevel: 'disk' });
      const paid = redisFailureMs(first.stderr);
      expect(paid).toBeDefined();
      expect(paid!).toBeLessThanOrEqual(5 * CONNECT_TIMEOUT_MS);
      const breaker = join(user.stateDir, 'redis-breaker.json');
      expect(existsSync(breaker)).toBe(true);
      expect(readFileSync(breaker, 'utf8')).not.toContain(own.url); // no URL (it may hold a password)
      const second = await user.ask(['a new question after the crash'], measured);
      expect(second.json.answer).toContain('a new question');
      expect(redisFailureMs(second.stderr)).toBeUndefined(); // skipped: the cool-down is shared across processes
      expect(second.stderr).not.toContain('Redis');
    } finally {
      if (!stopped) await own.stop();
    }
  });

  it('Redis absent at start: answers from upstream, warns once, then is skipped', async () => {
    const port = await freePort();
    const user = home({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      PAYREADY_CACHE__REDIS__CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    });
    const first = await user.ask(['no redis here']);
    expect(first.json.cached).toBe(false);
    expect(redisFailureMs(first.stderr)).toBeLessThanOrEqual(5 * CONNECT_TIMEOUT_MS);
    expect(first.stderr.match(/Redis cache unavailable/g)).toHaveLength(1);
    const second = await user.ask(['no redis here']);
    expect(second.json).toMatchObject({ cached: true, cacheLevel: 'disk' });
    expect(second.stderr).not.toContain('Redis');
  });

  it('Redis restarted: used again after the cool-down', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const user = home({ REDIS_URL: url, PAYREADY_CACHE__REDIS__COOLDOWN_MS: '1500' });
    await user.ask(['during the outage']);
    const own = await startRedis(port);
    try {
      await user.ask(['within the cool-down']);
      const check = rawRedis(url);
      try {
        expect(await check.keys('payready:v1:*')).toEqual([]);
        await sleep(1600);
        await user.ask(['after the cool-down']);
        expect(await check.keys('payready:v1:*')).toHaveLength(1);
      } finally {
        check.disconnect();
      }
    } finally {
      await own.stop();
    }
  });

  it('two processes asking the same uncached question make one upstream call (Redis lock)', async () => {
    const ci1 = home();
    const ci2 = home({ COUNTING_AGENT_LOG: '' });
    const log = { COUNTING_AGENT_LOG: ci1.upstreamLog };
    const [one, two] = await Promise.all([
      ci1.ask(['slow:1500 locked question'], log),
      ci2.ask(['slow:1500 locked question'], log),
    ]);
    expect(one.json.answer).toBe(two.json.answer);
    expect(ci1.calls()).toBe(1);
    expect([one.json.cached, two.json.cached].sort()).toEqual([false, true]);
  });

  it('without the lock the same race makes two upstream calls (what the lock prevents)', async () => {
    const ci1 = home({ PAYREADY_CACHE__REDIS__LOCK: 'false' });
    const ci2 = home({ PAYREADY_CACHE__REDIS__LOCK: 'false' });
    const log = { COUNTING_AGENT_LOG: ci1.upstreamLog };
    await Promise.all([ci1.ask(['slow:1500 unlocked question'], log), ci2.ask(['slow:1500 unlocked question'], log)]);
    expect(ci1.calls()).toBe(2);
  });
});
