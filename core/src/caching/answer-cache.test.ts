import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerCache } from './answer-cache.js';
import { CacheStatsFile } from './cache-stats-file.js';
import { tempDir } from './cache-test-helpers.js';
import { encodeAnswer, type CachedAnswer } from './cached-answer.js';
import { DiskLevel } from './disk-level.js';
import { MemoryLevel } from './memory-level.js';
import { sha256Hex } from './sha256-hex.js';

let temp: ReturnType<typeof tempDir>;
let now: number;
const key = sha256Hex('question');

function entry(overrides: Partial<CachedAnswer> = {}): CachedAnswer {
  return {
    answer: 'forty-two',
    agent: 'claude',
    model: 'm',
    usage: { inputTokens: 3, outputTokens: 5 },
    sources: [],
    finishReason: 'stop',
    createdAt: now,
    freshUntil: now + 60_000,
    expiresAt: now + 120_000,
    ...overrides,
  };
}

function makeCache() {
  const memory = new MemoryLevel({ maxEntries: 10, maxBytes: 100_000 });
  const disk = new DiskLevel({ dir: join(temp.dir, 'answers'), maxBytes: 1_000_000, now: () => now });
  const stats = new CacheStatsFile(join(temp.dir, 'state'));
  return { memory, disk, stats, cache: new AnswerCache({ memory, disk, stats, now: () => now }) };
}

beforeEach(() => {
  temp = tempDir();
  now = Date.now();
});
afterEach(() => temp.cleanup());

describe('AnswerCache', () => {
  it('writes every level and reads from the highest', async () => {
    const { cache, memory, disk } = makeCache();
    await cache.write(key, entry());
    expect(memory.get(key)).toBeDefined();
    expect(disk.get(key)).toBeDefined();
    const hit = await cache.lookup(key);
    expect(hit).toMatchObject({ level: 'memory', stale: false, entry: { answer: 'forty-two', agent: 'claude' } });
  });

  it('promotes a disk hit into memory', async () => {
    const { cache, memory, disk } = makeCache();
    disk.set(key, encodeAnswer(entry()), now + 120_000);
    expect((await cache.lookup(key))?.level).toBe('disk');
    expect(memory.get(key)).toBeDefined();
    expect((await cache.lookup(key))?.level).toBe('memory');
  });

  it('a stale entry is returned as stale, a fresher lower one wins over it', async () => {
    const { cache, memory, disk } = makeCache();
    memory.set(key, encodeAnswer(entry({ answer: 'old', freshUntil: now - 1 })), 60_000);
    expect(await cache.lookup(key)).toMatchObject({ level: 'memory', stale: true });
    disk.set(key, encodeAnswer(entry({ answer: 'new' })), now + 120_000);
    expect(await cache.lookup(key)).toMatchObject({ level: 'disk', stale: false, entry: { answer: 'new' } });
  });

  it('an expired or undecodable value is a miss and is removed from its level', async () => {
    const { cache, memory, disk } = makeCache();
    memory.set(key, '{"not":"an entry"}', 60_000);
    disk.set(key, encodeAnswer(entry({ expiresAt: now + 10 })), now + 1000);
    now += 20;
    expect(await cache.lookup(key)).toBeUndefined();
    expect(memory.get(key)).toBeUndefined();
  });

  it('counts hits per level and misses in the stats file', async () => {
    const { cache } = makeCache();
    await cache.lookup(key);
    await cache.write(key, entry());
    await cache.lookup(key);
    expect(cache.counters()).toMatchObject({ hits: { memory: 1, redis: 0, disk: 0 }, misses: 1 });
    await cache.clear();
    expect(cache.counters()).toMatchObject({ hits: { memory: 0 }, misses: 0 });
    expect(await cache.lookup(key, { record: false })).toBeUndefined();
  });
});

describe('CacheStatsFile', () => {
  it('folds a long log into the totals without losing counts', () => {
    const stats = new CacheStatsFile(join(temp.dir, 'state'));
    for (let index = 0; index < 5000; index++) stats.record(index % 2 === 0 ? 'disk' : 'miss');
    expect(stats.read()).toEqual({ hits: { memory: 0, redis: 0, disk: 2500 }, misses: 2500, stale: 0 });
  });
});
