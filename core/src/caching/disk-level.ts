import {
  closeSync,
  fstatSync,
  futimesSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@payready/shared';
import { decodeDiskEntry, encodeDiskEntry, headerExpiry } from './disk-entry-format.js';

export interface DiskLevelOptions {
  /** `$XDG_CACHE_HOME/payready/answers` */
  dir: string;
  /** Bound on the total size of the entries; the least recently used go first. */
  maxBytes: number;
  now?: () => number;
  /** Called when a write fails (disk full, read-only): the caller logs it once. */
  onWriteError?: (error: unknown) => void;
}

const SUFFIX = '.e';
const COUNTER = '.bytes';
// A read refreshes an entry's mtime (its LRU position) at most this often: one syscall saved per hot hit.
const TOUCH_EVERY_MS = 1000;
// An eviction sweep goes down to this share of maxBytes, so the next few writes do not sweep again.
const LOW_WATER = 0.8;

function readWhole(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let offset = 0;
  while (offset < size) {
    const read = readSync(fd, buffer, offset, size - offset, offset);
    if (read === 0) break;
    offset += read;
  }
  return offset === size ? buffer : buffer.subarray(0, offset);
}

/**
 * L3: one file per entry, shared by every process of the user. Synchronous on purpose: on the CLI's hit
 * path readFileSync of 2 KB costs ≈12 µs against ≈130 µs for fs.promises. Writes are atomic (temp file,
 * fsync, rename), so concurrent writers of one key leave one whole entry; a reader that still finds a torn,
 * tampered or unreadable file treats it as a miss and deletes it.
 */
export class DiskLevel {
  private readonly now: () => number;

  constructor(private readonly options: DiskLevelOptions) {
    this.now = options.now ?? Date.now;
  }

  get dir(): string {
    return this.options.dir;
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return join(this.options.dir, key + SUFFIX);
  }

  get(key: string): string | undefined {
    const path = this.pathOf(key);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.remove(path);
      return undefined;
    }
    let stale = false;
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) {
        stale = true;
        return undefined;
      }
      const now = this.now();
      const read = decodeDiskEntry(readWhole(fd, stat.size), now);
      if (!read.ok) {
        stale = true;
        return undefined;
      }
      if (now - stat.mtimeMs > TOUCH_EVERY_MS) futimesSync(fd, now / 1000, now / 1000);
      return read.body;
    } catch {
      stale = true;
      return undefined;
    } finally {
      closeSync(fd);
      if (stale) this.remove(path);
    }
  }

  /** Never throws: a full or read-only disk costs the cache, not the answer. */
  set(key: string, value: string, expiresAt: number): void {
    const data = encodeDiskEntry(value, expiresAt);
    if (data.length > this.options.maxBytes) return;
    try {
      const path = this.pathOf(key);
      writeFileAtomic(path, data, { mode: 0o600, dirMode: 0o700 });
      this.account(data.length, path);
    } catch (error) {
      this.options.onWriteError?.(error);
    }
  }

  delete(key: string): void {
    this.remove(this.pathOf(key));
  }

  private remove(path: string): void {
    try {
      rmSync(path, { force: true, recursive: true });
    } catch {
      // Already gone, or not ours to delete: either way it is a miss.
    }
  }

  /**
   * A running total in a small file, updated without a lock: concurrent writers may lose an increment or
   * count an overwrite twice, and the next sweep, which measures, puts it right.
   */
  private account(bytes: number, written: string): void {
    const counter = join(this.options.dir, COUNTER);
    let total = 0;
    try {
      total = Number(readFileSync(counter, 'utf8')) || 0;
    } catch {
      total = 0;
    }
    total += bytes;
    if (total > this.options.maxBytes) total = this.sweep(Math.floor(this.options.maxBytes * LOW_WATER), written);
    writeFileAtomic(counter, String(total), { fsync: false });
  }

  private scan(): Array<{ path: string; size: number; mtimeMs: number }> {
    let names: string[];
    try {
      names = readdirSync(this.options.dir);
    } catch {
      return [];
    }
    const entries: Array<{ path: string; size: number; mtimeMs: number }> = [];
    const now = this.now();
    for (const name of names) {
      const path = join(this.options.dir, name);
      try {
        const stat = statSync(path);
        // Temp files of writers that died between write and rename.
        if (name.endsWith('.tmp') && now - stat.mtimeMs > 60_000) this.remove(path);
        if (!name.endsWith(SUFFIX)) continue;
        entries.push({ path, size: stat.size, mtimeMs: stat.mtimeMs });
      } catch {
        // Removed by another process meanwhile.
      }
    }
    return entries;
  }

  /** Deletes expired entries, then the least recently used, until the total is at most `targetBytes`. */
  sweep(targetBytes: number, keep?: string): number {
    const now = this.now();
    const live: Array<{ path: string; size: number; mtimeMs: number }> = [];
    for (const entry of this.scan()) {
      const expiresAt = this.expiryOf(entry.path);
      if (expiresAt === undefined || expiresAt <= now) this.remove(entry.path);
      else live.push(entry);
    }
    live.sort((left, right) => left.mtimeMs - right.mtimeMs);
    let total = live.reduce((sum, entry) => sum + entry.size, 0);
    for (const entry of live) {
      if (total <= targetBytes) break;
      if (entry.path === keep) continue;
      this.remove(entry.path);
      total -= entry.size;
    }
    return total;
  }

  private expiryOf(path: string): number | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      const prefix = Buffer.alloc(128);
      return headerExpiry(prefix.subarray(0, readSync(fd, prefix, 0, 128, 0)));
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  stats(): { entries: number; bytes: number } {
    const entries = this.scan();
    return { entries: entries.length, bytes: entries.reduce((sum, entry) => sum + entry.size, 0) };
  }

  clear(): { entries: number; bytes: number } {
    const entries = this.scan();
    for (const entry of entries) this.remove(entry.path);
    this.remove(join(this.options.dir, COUNTER));
    return { entries: entries.length, bytes: entries.reduce((sum, entry) => sum + entry.size, 0) };
  }
}
