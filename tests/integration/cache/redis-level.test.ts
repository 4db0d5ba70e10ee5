import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisBreaker, RedisLevel } from '@payready/core';
import { freePort, startRedis, type RedisServer } from '../../test-utils/src/index.js';
import { rawRedis, type RawRedis } from './raw-redis.js';

let redis: RedisServer;
let raw: RawRedis;
let dir: string;
const levels: RedisLevel[] = [];

function level(
  options: {
    url?: string;
    connectTimeoutMs?: number;
    cooldownMs?: number;
    maxValueBytes?: number;
    warn?: (message: string) => void;
  } = {},
) {
  const created = new RedisLevel({
    url: options.url ?? redis.url,
    connectTimeoutMs: options.connectTimeoutMs ?? 100,
    maxValueBytes: options.maxValueBytes ?? 1024 * 1024,
    breaker: new RedisBreaker({
      file: join(dir, 'redis-breaker.json'),
      target: 't',
      cooldownMs: options.cooldownMs ?? 30_000,
    }),
    ...(options.warn ? { warn: options.warn } : {}),
  });
  levels.push(created);
  return created;
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
  dir = mkdtempSync(join(tmpdir(), 'payready-redis-level-'));
  await raw.flushall();
});
afterEach(async () => {
  await Promise.all(levels.splice(0).map((created) => created.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('RedisLevel against a real redis-server', () => {
  it('stores under the versioned prefix with a TTL on every key', async () => {
    const cache = level();
    await cache.set('abc', '{"answer":1}', 5000);
    expect(await cache.get('abc')).toBe('{"answer":1}');
    expect(await raw.get('payready:v1:abc')).toBe('{"answer":1}');
    const ttl = await raw.pttl('payready:v1:abc');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
    expect(await cache.get('missing')).toBeUndefined();
  });

  it('expires keys at their TTL', async () => {
    const cache = level();
    await cache.set('short', 'v', 150);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await cache.get('short')).toBeUndefined();
  });

  it('does not store a value over the size cap', async () => {
    const cache = level({ maxValueBytes: 100 });
    await cache.set('big', 'x'.repeat(101), 5000);
    expect(await raw.exists('payready:v1:big')).toBe(0);
  });

  it('the lock is exclusive, expires, and is released only by its holder', async () => {
    const one = level();
    const two = level();
    const token = await one.tryLock('k', 5000);
    expect(token).toBeDefined();
    expect(await two.tryLock('k', 5000)).toBeUndefined();
    expect(await two.lockHeld('k')).toBe(true);
    await two.unlock('k', 'not-the-token');
    expect(await two.lockHeld('k')).toBe(true);
    await one.unlock('k', token!);
    expect(await two.lockHeld('k')).toBe(false);
    expect(await two.tryLock('k', 100)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await one.lockHeld('k')).toBe(false);
  });

  it('stats and clear count only this prefix and skip locks', async () => {
    const cache = level();
    await raw.set('other:key', 'x');
    await cache.set('a', '12345', 5000);
    await cache.set('b', '123', 5000);
    await cache.tryLock('a', 5000);
    expect(await cache.stats()).toEqual({ entries: 2, bytes: 8 });
    expect(await cache.clear()).toEqual({ entries: 2 });
    expect(await raw.get('other:key')).toBe('x');
  });

  it('Redis down: a miss after one short failure, warned once, breaker persisted for the next process', async () => {
    const warnings: string[] = [];
    const port = await freePort();
    const cache = level({ url: `redis://127.0.0.1:${port}`, warn: (message) => warnings.push(message) });
    const started = performance.now();
    expect(await cache.get('k')).toBeUndefined();
    const firstMs = performance.now() - started;
    await cache.set('k', 'v', 1000);
    expect(await cache.get('k')).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(cache.usable()).toBe(false);
    expect(firstMs).toBeLessThan(5 * 100 + 2000); // a hang guard (ioredis' import included), not a timing assertion
    expect(cache.failedMs).toBeLessThanOrEqual(5 * 100);
    const state = JSON.parse(readFileSync(join(dir, 'redis-breaker.json'), 'utf8')) as Record<
      string,
      { openUntil: number }
    >;
    expect(state.t!.openUntil).toBeGreaterThan(Date.now());
    // The next "process": a fresh level reading the same breaker file skips Redis without trying.
    const next = level({ url: `redis://127.0.0.1:${port}` });
    expect(next.usable()).toBe(false);
  });

  it('a Redis that accepts connections but never answers costs one command timeout, then is skipped', async () => {
    const sockets: Socket[] = [];
    const blackhole: Server = createServer((socket) => sockets.push(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => blackhole.listen(port, '127.0.0.1', resolve));
    try {
      const cache = level({ url: `redis://127.0.0.1:${port}` });
      expect(await cache.get('k')).toBeUndefined();
      expect(cache.failedMs).toBeLessThanOrEqual(5 * 100);
      expect(cache.usable()).toBe(false);
    } finally {
      for (const socket of sockets) socket.destroy();
      blackhole.close();
    }
  });

  it('after the cool-down Redis is tried again and used', async () => {
    const port = await freePort();
    const cache = level({ url: `redis://127.0.0.1:${port}`, cooldownMs: 300 });
    expect(await cache.get('k')).toBeUndefined();
    expect(cache.usable()).toBe(false);
    const second = await startRedis(port);
    try {
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(cache.usable()).toBe(true);
      await cache.set('k', 'back', 5000);
      expect(await cache.get('k')).toBe('back');
      expect(existsSync(join(dir, 'redis-breaker.json'))).toBe(true);
      expect(readFileSync(join(dir, 'redis-breaker.json'), 'utf8')).toBe('{}');
    } finally {
      await cache.close();
      await second.stop();
    }
  });
});
