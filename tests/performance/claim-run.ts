import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * True once per `vitest bench` invocation: vitest runs each bench file once per project (one worker
 * process after the other), and a load test is minutes long. The lock names the vitest process (our
 * parent); a lock whose owner is gone is stale and taken over.
 */
export function claimRun(name: string): boolean {
  const lock = join(tmpdir(), `payready-bench-${name}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.ppid));
      closeSync(fd);
      return true;
    } catch {
      const owner = Number(readFileSync(lock, 'utf8'));
      if (owner && alive(owner)) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}
