import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  rmSync,
  fstatSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { lazyCrypto } from '@payready/shared';
import { basename, dirname, join } from 'node:path';
import { KeyStoreError } from './key-store-error.js';

/** Refuses a file that group or others may read or write: it holds, or guards, credentials. */
export function assertPrivate(path: string, stats: Stats, what: string): void {
  // Windows has no POSIX mode bits; its ACLs are inherited from the user profile directory.
  if (process.platform === 'win32' || (stats.mode & 0o077) === 0) return;
  const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
  throw new KeyStoreError(
    `${what} ${path} is accessible by group or others (mode ${mode}); payready refuses to use it`,
    {
      file: path,
      hint: `chmod 600 ${path}`,
    },
  );
}

/** The bytes of a private file, or undefined when it does not exist. Mode checked on the open file (no race). */
export function readPrivateFile(path: string, what: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyStoreError(`cannot read ${what} ${path}: ${(error as Error).message}`, { file: path, cause: error });
  }
  try {
    assertPrivate(path, fstatSync(fd), what);
    return readFileSync(fd);
  } catch (error) {
    if (error instanceof KeyStoreError) throw error;
    throw new KeyStoreError(`cannot read ${what} ${path}: ${(error as Error).message}`, { file: path, cause: error });
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `path` with `data` only if it does not exist yet, in one step (a complete temp file hard-linked
 * into place, which fails if the name is taken): two processes creating it at once end up with one content.
 * Returns false when the file already existed.
 */
export function createFileExclusive(path: string, data: string | Uint8Array): boolean {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${lazyCrypto().randomBytes(6).toString('hex')}.tmp`,
  );
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}
