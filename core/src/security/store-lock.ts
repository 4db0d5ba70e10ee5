import { linkSync, openSync, closeSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { lazyCrypto } from '@payready/shared';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyStoreError } from './key-store-error.js';

export interface LockOptions {
  /** Give up after this long. Default 5000 ms. */
  timeoutMs?: number;
  /** A lock older than this is taken to be left by a crash, whoever holds it. Default 30 s. */
  staleMs?: number;
}

interface LockInfo {
  pid: number;
  host: string;
  content: string;
}

function readLock(path: string): LockInfo | undefined {
  try {
    const content = readFileSync(path, 'utf8');
    const [pid, host] = content.split('\n');
    return { pid: Number(pid), host: host ?? '', content };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(path: string, info: LockInfo, staleMs: number): boolean {
  if (info.host === hostname() && Number.isInteger(info.pid) && info.pid > 0 && !isAlive(info.pid)) return true;
  try {
    return Date.now() - statSync(path).mtimeMs > staleMs;
  } catch {
    return false;
  }
}

// Moves the stale lock aside and checks it is the one judged stale; if another process replaced it in between,
// it is linked back (link, unlike rename, never overwrites) so that its holder keeps it.
function breakLock(path: string, stale: LockInfo): void {
  const aside = `${path}.stale.${process.pid}.${lazyCrypto().randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  if (readLock(aside)?.content !== stale.content) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone holds a newer lock already.
    }
  }
  rmSync(aside, { force: true });
}

// The lock file appears complete or not at all: written under a temp name, then hard-linked into place.
function tryCreate(path: string, content: string): boolean {
  const temp = `${path}.${process.pid}.${lazyCrypto().randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Runs `critical` holding `path` (an O_EXCL-style lock file with pid, host and time), so that read-modify-write
 * cycles of the key store from several processes never lose an update. Waits with jittered backoff.
 */
export async function withFileLock<T>(
  path: string,
  critical: () => T | Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const staleMs = options.staleMs ?? 30_000;
  const content = `${process.pid}\n${hostname()}\n${new Date().toISOString()}\n${lazyCrypto().randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; !tryCreate(path, content); attempt++) {
    const holder = readLock(path);
    if (holder && isStale(path, holder, staleMs)) {
      breakLock(path, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new KeyStoreError(`the key store is locked by process ${holder?.pid ?? '?'} (${path})`, {
        file: path,
        hint: `wait for the other payready to finish; if none is running, remove ${path}`,
      });
    }
    await sleep(Math.min(5 * 2 ** attempt, 200) * (0.5 + Math.random()));
  }
  try {
    return await critical();
  } finally {
    if (readLock(path)?.content === content) rmSync(path, { force: true });
  }
}
