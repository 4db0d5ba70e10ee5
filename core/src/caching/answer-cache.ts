import type { CacheStatsFile } from './cache-stats-file.js';
import { decodeAnswer, encodeAnswer, type CacheLevel, type CachedAnswer } from './cached-answer.js';
import type { DiskLevel } from './disk-level.js';
import type { MemoryLevel } from './memory-level.js';
import type { RedisLevel } from './redis-level.js';
import { SingleFlight } from './single-flight.js';

export interface AnswerCacheOptions {
  memory?: MemoryLevel;
  redis?: RedisLevel;
  disk?: DiskLevel;
  stats?: CacheStatsFile;
  now?: () => number;
}

export interface CacheHit {
  entry: CachedAnswer;
  level: CacheLevel;
  /** Past its freshness (kept only to be served when every agent fails). */
  stale: boolean;
}

export interface LevelStats {
  entries: number;
  bytes: number;
}

/**
 * The three levels in order: memory (this process), Redis (shared, optional), disk (this user). A lookup
 * returns the first fresh entry and copies it into the levels above; a write goes to every level. No
 * level's failure ever reaches the caller: it is a miss.
 */
export class AnswerCache {
  readonly memory: MemoryLevel | undefined;
  readonly redis: RedisLevel | undefined;
  readonly disk: DiskLevel | undefined;
  /** One upstream call per key per process. */
  readonly flights = new SingleFlight<unknown>();
  private readonly stats: CacheStatsFile | undefined;
  private readonly now: () => number;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(options: AnswerCacheOptions) {
    this.memory = options.memory;
    this.redis = options.redis;
    this.disk = options.disk;
    this.stats = options.stats;
    this.now = options.now ?? Date.now;
  }

  /** Keeps a background write (a promotion to Redis) alive until close(). */
  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  private decode(level: CacheLevel, key: string, text: string | undefined, now: number): CacheHit | undefined {
    if (text === undefined) return undefined;
    const entry = decodeAnswer(text);
    if (!entry || entry.expiresAt <= now) {
      if (level === 'memory') this.memory?.delete(key);
      else if (level === 'redis') this.track(this.redis!.delete(key));
      else this.disk?.delete(key);
      return undefined;
    }
    return { entry, level, stale: entry.freshUntil <= now };
  }

  private async readLevel(level: CacheLevel, key: string, now: number): Promise<CacheHit | undefined> {
    if (level === 'memory') return this.decode(level, key, this.memory?.get(key), now);
    if (level === 'disk') return this.decode(level, key, this.disk?.get(key), now);
    if (!this.redis?.usable()) return undefined;
    return this.decode(level, key, await this.redis.get(key), now);
  }

  /** The freshest entry: a fresh one from the highest level that has one, else the first stale one. */
  async lookup(key: string, options: { record?: boolean } = {}): Promise<CacheHit | undefined> {
    const now = this.now();
    let stale: CacheHit | undefined;
    const missed: CacheLevel[] = [];
    for (const level of ['memory', 'redis', 'disk'] as const) {
      const hit = await this.readLevel(level, key, now);
      if (hit && !hit.stale) {
        this.promote(key, hit, missed);
        if (options.record !== false) this.stats?.record(level);
        return hit;
      }
      stale ??= hit;
      missed.push(level);
    }
    if (options.record !== false) this.stats?.record('miss');
    return stale;
  }

  private promote(key: string, hit: CacheHit, levels: readonly CacheLevel[]): void {
    const text = encodeAnswer(hit.entry);
    const ttlMs = hit.entry.expiresAt - this.now();
    if (levels.includes('memory')) this.memory?.set(key, text, ttlMs);
    if (levels.includes('redis') && this.redis?.usable()) this.track(this.redis.set(key, text, ttlMs));
    // A Redis hit is also kept on this machine's disk (when missing there), so it survives a Redis outage.
    if (hit.level === 'redis' && this.disk && this.disk.get(key) === undefined)
      this.disk.set(key, text, hit.entry.expiresAt);
  }

  /** Writes every level; resolves when Redis has it too (the disk and memory writes are synchronous). */
  async write(key: string, entry: CachedAnswer): Promise<void> {
    const ttlMs = entry.expiresAt - this.now();
    if (ttlMs <= 0) return;
    const text = encodeAnswer(entry);
    this.memory?.set(key, text, ttlMs);
    this.disk?.set(key, text, entry.expiresAt);
    if (this.redis?.usable()) {
      const written = this.redis.set(key, text, ttlMs);
      this.track(written);
      await written;
    }
  }

  recordStale(): void {
    this.stats?.record('stale');
  }

  async clear(level?: CacheLevel): Promise<Partial<Record<CacheLevel, number>>> {
    const cleared: Partial<Record<CacheLevel, number>> = {};
    if ((!level || level === 'memory') && this.memory) {
      cleared.memory = this.memory.stats().entries;
      this.memory.clear();
    }
    if ((!level || level === 'redis') && this.redis) {
      const result = await this.redis.clear();
      if (result) cleared.redis = result.entries;
    }
    if ((!level || level === 'disk') && this.disk) cleared.disk = this.disk.clear().entries;
    if (!level) this.stats?.reset();
    return cleared;
  }

  async levelStats(): Promise<Partial<Record<CacheLevel, LevelStats | null>>> {
    return {
      ...(this.memory ? { memory: this.memory.stats() } : {}),
      ...(this.redis ? { redis: (await this.redis.stats()) ?? null } : {}),
      ...(this.disk ? { disk: this.disk.stats() } : {}),
    };
  }

  counters(): ReturnType<CacheStatsFile['read']> | undefined {
    return this.stats?.read();
  }

  /** Waits for background writes, then lets go of Redis. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await this.redis?.close();
  }
}
