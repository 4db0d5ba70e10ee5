import type { Readable } from 'node:stream';
import { UsageError } from '@payready/shared';

/**
 * Reads all of stdin, refusing more than `maxBytes` (it stops reading at the limit, so a runaway pipe
 * costs no memory) and anything that is not valid UTF-8: a binary blob sent to a model is always a mistake.
 */
export async function readStdin(stdin: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) {
      stdin.destroy();
      throw new UsageError(`stdin is larger than the limit of ${maxBytes} bytes`, {
        hint: 'pipe less text, or raise app.max_stdin_bytes (e.g. PAYREADY_APP__MAX_STDIN_BYTES=4194304)',
      });
    }
    chunks.push(buffer);
  }
  const bytes = Buffer.concat(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new UsageError(`stdin is not valid UTF-8 (first bad byte at offset ${offset})`, {
      hint: 'convert it first, e.g. `iconv -f latin1 -t utf-8`, or pass a text file',
    });
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  let low = 0;
  let high = bytes.length;
  // Binary search for the shortest invalid prefix. `stream: true` lets a prefix end mid-character without
  // counting as invalid, so validity is monotonic in the prefix length.
  while (low < high) {
    const middle = (low + high) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle + 1), { stream: true });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  return low;
}
