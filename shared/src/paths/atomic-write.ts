import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the result; default 0o600 (everything payready writes may hold private text). */
  mode?: number;
  /** Mode of directories created on the way; default 0o700. */
  dirMode?: number;
  /** fsync the temp file before the rename, so a power loss leaves the old or the new file, never a torn one. */
  fsync?: boolean;
}

/**
 * Writes a file so that a reader (or a crash) sees the old content or the new, never a mix: a temp file in the
 * same directory, then rename(2), which is atomic within one filesystem.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
  const { temp, fd } = createTemp(join(dir, `.${basename(path)}`), options.mode ?? 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    if (options.fsync ?? true) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

let sequence = 0;

/**
 * A new temp file next to the target, opened exclusively. pid + a per-process counter + the time make the name
 * unique among live processes without node:crypto (whose import costs more than the write); a leftover from a
 * crashed process that had the same pid only costs another try.
 */
function createTemp(prefix: string, mode: number): { temp: string; fd: number } {
  for (;;) {
    const temp = `${prefix}.${process.pid}.${Date.now().toString(36)}${(++sequence).toString(36)}.tmp`;
    try {
      return { temp, fd: openSync(temp, 'wx', mode) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
