import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './cache-test-helpers.js';
import { DiskLevel } from './disk-level.js';
import { sha256Hex } from './sha256-hex.js';

const key = (name: string) => sha256Hex(name);
let temp: ReturnType<typeof tempDir>;
let dir: string;
let now: number;
const level = (maxBytes = 1_000_000, onWriteError?: (error: unknown) => void) =>
  new DiskLevel({ dir, maxBytes, now: () => now, ...(onWriteError ? { onWriteError } : {}) });
const entryPath = (name: string) => join(dir, `${key(name)}.e`);
const entries = () => readdirSync(dir).filter((name) => name.endsWith('.e'));

beforeEach(() => {
  temp = tempDir();
  dir = join(temp.dir, 'cache', 'payready', 'answers');
  now = Date.now();
});
afterEach(() => temp.cleanup());

describe('DiskLevel', () => {
  it('round-trips an entry in a 0600 file under 0700 directories, leaving no temp file', () => {
    const disk = level();
    disk.set(key('q'), '{"answer":"é ✓"}', now + 60_000);
    expect(disk.get(key('q'))).toBe('{"answer":"é ✓"}');
    expect(statSync(entryPath('q')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(temp.dir, 'cache', 'payready')).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(disk.get(key('absent'))).toBeUndefined();
  });

  it('an expired entry is a miss and is deleted when read', () => {
    const disk = level();
    disk.set(key('q'), 'v', now + 1000);
    now += 1001;
    expect(disk.get(key('q'))).toBeUndefined();
    expect(existsSync(entryPath('q'))).toBe(false);
  });

  const corruptions: Record<string, (path: string) => void> = {
    truncated: (path) => writeFileSync(path, readFileSync(path).subarray(0, readFileSync(path).length - 5)),
    'truncated to the header': (path) => writeFileSync(path, readFileSync(path).subarray(0, 20)),
    garbage: (path) => writeFileSync(path, 'not a cache entry at all'),
    empty: (path) => writeFileSync(path, ''),
    'one byte flipped': (path) => {
      const data = readFileSync(path);
      data[data.length - 2] = data[data.length - 2]! ^ 0x01;
      writeFileSync(path, data);
    },
    'appended bytes': (path) => writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('xx')])),
    // Root reads a mode-000 file anyway, so unreadable here means: what open(2) or read(2) refuses.
    'unreadable (a directory in its place)': (path) => {
      rmSync(path);
      mkdirSync(join(path, 'inside'), { recursive: true });
    },
    'unreadable (a symlink loop)': (path) => {
      rmSync(path);
      symlinkSync(path, path);
    },
  };
  for (const [name, corrupt] of Object.entries(corruptions)) {
    it(`a ${name} entry is a miss and is deleted`, () => {
      const disk = level();
      disk.set(key('q'), JSON.stringify({ answer: 'x'.repeat(500) }), now + 60_000);
      corrupt(entryPath('q'));
      expect(disk.get(key('q'))).toBeUndefined();
      expect(() => lstatSync(entryPath('q'))).toThrow(/ENOENT/);
      disk.set(key('q'), 'fresh', now + 60_000);
      expect(disk.get(key('q'))).toBe('fresh');
    });
  }

  it('stays within max_bytes by evicting the least recently used (a read refreshes an entry)', () => {
    const value = 'x'.repeat(900); // ~1 KB per file with its header
    const disk = level(5000);
    for (const name of ['a', 'b', 'c', 'd']) {
      disk.set(key(name), value, now + 60_000);
      now += 2000;
      utimesSync(entryPath(name), now / 1000 - 100 + entries().length, now / 1000 - 100 + entries().length);
    }
    now += 5000;
    expect(disk.get(key('a'))).toBe(value); // a is now the most recently used
    disk.set(key('e'), value, now + 60_000);
    disk.set(key('f'), value, now + 60_000);
    const total = entries().reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    expect(total).toBeLessThanOrEqual(5000);
    expect(disk.get(key('a'))).toBe(value);
    expect(disk.get(key('f'))).toBe(value);
    expect(disk.get(key('b'))).toBeUndefined();
  });

  it('never stores an entry larger than max_bytes', () => {
    const disk = level(100);
    disk.set(key('big'), 'x'.repeat(200), now + 60_000);
    expect(disk.get(key('big'))).toBeUndefined();
  });

  it('a failed write (disk full, not writable) is reported and never thrown', () => {
    const errors: unknown[] = [];
    mkdirSync(join(temp.dir, 'cache', 'payready'), { recursive: true });
    writeFileSync(dir, 'a file where the directory should be');
    const disk = level(1_000_000, (error) => errors.push(error));
    expect(() => disk.set(key('q'), 'v', now + 60_000)).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(disk.get(key('q'))).toBeUndefined();
  });

  it('stats and clear count the entries', () => {
    const disk = level();
    disk.set(key('a'), 'v1', now + 60_000);
    disk.set(key('b'), 'v2', now + 60_000);
    expect(disk.stats().entries).toBe(2);
    expect(disk.stats().bytes).toBeGreaterThan(0);
    expect(disk.clear().entries).toBe(2);
    expect(disk.stats()).toEqual({ entries: 0, bytes: 0 });
  });

  it('a sweep removes expired entries and temp files of writers that died', () => {
    const disk = level();
    disk.set(key('old'), 'v', now + 1000);
    disk.set(key('new'), 'v', now + 100_000);
    const orphan = join(dir, `.${key('x')}.e.123.abc.tmp`);
    writeFileSync(orphan, 'partial');
    utimesSync(orphan, now / 1000 - 120, now / 1000 - 120);
    now += 2000;
    disk.sweep(1_000_000);
    expect(existsSync(entryPath('old'))).toBe(false);
    expect(existsSync(entryPath('new'))).toBe(true);
    expect(existsSync(orphan)).toBe(false);
  });
});
