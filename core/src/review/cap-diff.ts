import type { DiffFile } from './split-diff.js';

export interface CappedDiff {
  /** The text files that fit, whole or (one of them) cut at a hunk boundary. */
  text: string;
  bytes: number;
  included: string[];
  /** Files cut short to stay within the cap. */
  truncated: string[];
  /** Text files left out entirely because the cap was reached. */
  omitted: string[];
  /** Binary files: never sent. */
  binary: string[];
}

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * The longest prefix of a file section within `budget` bytes: whole hunks when at least one fits, else the
 * first hunk cut at a line; undefined when not even the header and one hunk line fit.
 */
function cut(text: string, budget: number): string | undefined {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let kept = '';
  let bytes = 0;
  let hunks = 0;
  let lastHunkStart = -1;
  let linesInHunk = 0;
  for (const line of lines) {
    const piece = `${line}\n`;
    const size = byteLength(piece);
    if (bytes + size > budget) {
      // At a hunk header every hunk kept so far is whole.
      if (line.startsWith('@@')) return hunks > 0 ? kept : undefined;
      if (hunks >= 2) return kept.slice(0, lastHunkStart);
      return hunks === 1 && linesInHunk > 0 ? kept : undefined;
    }
    if (line.startsWith('@@')) {
      hunks += 1;
      lastHunkStart = kept.length;
      linesInHunk = 0;
    } else if (hunks > 0) {
      linesInHunk += 1;
    }
    kept += piece;
    bytes += size;
  }
  return kept;
}

/**
 * Fits the diff into `maxBytes`: whole files in git's order while they fit, then the next file cut at a
 * hunk boundary when at least one hunk fits, and the rest listed as omitted (a reviewer told what it did not
 * see does not invent it). Binary files are skipped.
 */
export function capDiff(files: readonly DiffFile[], maxBytes: number): CappedDiff {
  const result: CappedDiff = { text: '', bytes: 0, included: [], truncated: [], omitted: [], binary: [] };
  let full = false;
  for (const file of files) {
    if (file.binary) {
      result.binary.push(file.path);
      continue;
    }
    if (full) {
      result.omitted.push(file.path);
      continue;
    }
    const size = byteLength(file.text);
    if (result.bytes + size <= maxBytes) {
      result.text += file.text;
      result.bytes += size;
      result.included.push(file.path);
      continue;
    }
    full = true;
    const part = cut(file.text, maxBytes - result.bytes);
    if (part === undefined) {
      result.omitted.push(file.path);
      continue;
    }
    result.text += part;
    result.bytes += byteLength(part);
    result.truncated.push(file.path);
  }
  return result;
}
