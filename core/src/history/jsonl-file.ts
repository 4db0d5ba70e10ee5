import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Appends one record as one line with a single write(2) on an O_APPEND descriptor: the kernel places each
 * write at the end of the file atomically, so two payready processes appending at once never interleave
 * their lines (for records of ordinary size on a local filesystem). A crash mid-write can leave a torn last
 * line, which `readJsonl` skips. Not writeFileAtomic: rewriting the whole file per turn would make every
 * turn cost the size of the conversation, and lose a concurrent append.
 */
export function appendJsonl(path: string, record: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
  const fd = openSync(path, 'a', 0o600);
  try {
    let written = writeSync(fd, line);
    // A short write only happens on a full disk or a signal; finish the line rather than leave it torn.
    while (written < line.length) written += writeSync(fd, line, written);
  } finally {
    closeSync(fd);
  }
}

/** The records of a JSONL file, oldest first; missing file → []; a line that does not parse (torn) is skipped. */
export function readJsonl<T>(path: string, accept: (value: unknown) => value is T): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (accept(value)) records.push(value);
    } catch {
      // A torn line from a crash mid-append, or a line cut by a full disk.
    }
  }
  return records;
}
