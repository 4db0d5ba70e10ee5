import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnswerCache } from './answer-cache.js';
import { DiskLevel } from './disk-level.js';
import { MemoryLevel } from './memory-level.js';

/** A private directory for one test, removed by the returned cleanup. */
export function tempDir(prefix = 'payready-cache-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Memory and disk levels (no Redis) over `dir`, roomy enough that nothing is evicted in a test. */
export function memoryAndDiskCache(dir: string): AnswerCache {
  return new AnswerCache({
    memory: new MemoryLevel({ maxEntries: 100, maxBytes: 1_000_000 }),
    disk: new DiskLevel({ dir: join(dir, 'answers'), maxBytes: 1_000_000 }),
  });
}
