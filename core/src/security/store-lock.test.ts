import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from './store-lock.js';

let dir: string;
let lock: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payready-lock-'));
  lock = join(dir, 'keys.enc.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('withFileLock', () => {
  it('runs critical sections one at a time and removes the lock after', async () => {
    let inside = 0;
    let overlap = false;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(lock, async () => {
          inside++;
          if (inside > 1) overlap = true;
          await sleep(5);
          inside--;
        }),
      ),
    );
    expect(overlap).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('releases the lock when the critical section throws', async () => {
    await expect(withFileLock(lock, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });

  it('breaks a lock left by a dead process on this host', async () => {
    writeFileSync(lock, `${deadPid()}\n${hostname()}\n2020-01-01T00:00:00.000Z\nabc\n`);
    expect(await withFileLock(lock, () => 'ran', { timeoutMs: 2000 })).toBe('ran');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('breaks a lock older than staleMs whoever holds it', async () => {
    writeFileSync(lock, `${process.pid}\nanother-host\n2020-01-01T00:00:00.000Z\nabc\n`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(await withFileLock(lock, () => 'ran', { timeoutMs: 2000, staleMs: 30_000 })).toBe('ran');
  });

  it('gives up on a live holder with a clear KeyStoreError (exit 2) and leaves its lock alone', async () => {
    const held = `${process.pid}\n${hostname()}\nnow\nother-holder\n`;
    writeFileSync(lock, held);
    await expect(withFileLock(lock, () => 'ran', { timeoutMs: 150 })).rejects.toMatchObject({
      name: 'KeyStoreError',
      exitCode: 2,
      message: expect.stringContaining(`the key store is locked by process ${process.pid}`),
    });
    expect(existsSync(lock)).toBe(true);
  });
});
