import { LRUCache } from 'lru-cache';

export interface MemoryLevelOptions {
  maxEntries: number;
  maxBytes: number;
  /** Clock for TTLs (tests); default performance. */
  perf?: { now(): number };
}

/**
 * L1: this process's answers, bounded by count and by bytes, each with its own TTL. Values are the
 * serialised entry (a string): the same bytes every level stores, measured once, never mutated by a caller.
 */
export class MemoryLevel {
  private readonly lru: LRUCache<string, string>;

  constructor(options: MemoryLevelOptions) {
    this.lru = new LRUCache<string, string>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      // UTF-16 code units × 2 bounds the heap cost without scanning the string for its UTF-8 length.
      // An injected clock is read on every call (no 1 ms memo of the time, which runs on a real timer).
      ...(options.perf ? { perf: options.perf, ttlResolution: 0 } : {}),
      sizeCalculation: (value, key) => (value.length + key.length) * 2 || 1,
    });
  }

  get(key: string): string | undefined {
    return this.lru.get(key);
  }

  set(key: string, value: string, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.lru.set(key, value, { ttl: ttlMs });
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  stats(): { entries: number; bytes: number } {
    return { entries: this.lru.size, bytes: this.lru.calculatedSize };
  }
}
