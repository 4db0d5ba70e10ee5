import type { Redactor } from './create-redactor.js';

export interface StreamRedactor {
  /** Takes the next chunk; returns the redacted text that is safe to emit now (possibly empty). */
  write(chunk: string): string;
  /** Returns the redacted rest. Call once, at the end of the stream. */
  end(): string;
}

/**
 * Redacts streamed text (answer deltas, child output) whose secrets may be split across chunks: the last
 * `holdBack` characters (at least the longest secret spelling) are kept until more text or the end arrives,
 * and the emitted part never ends inside a match.
 */
export function createStreamRedactor(redactor: Redactor, options: { holdBack?: number } = {}): StreamRedactor {
  const holdBack = Math.max(options.holdBack ?? 256, redactor.longestForm);
  let buffer = '';

  const take = (final: boolean): string => {
    const spans = redactor.spans(buffer);
    let cut = final ? buffer.length : Math.max(0, buffer.length - holdBack);
    const crossing = spans.find((span) => span.start < cut && span.end > cut);
    if (crossing) cut = crossing.start;
    let output = '';
    let last = 0;
    for (const span of spans) {
      if (span.end > cut) break;
      output += buffer.slice(last, span.start) + span.replacement;
      last = span.end;
    }
    output += buffer.slice(last, cut);
    buffer = buffer.slice(cut);
    return output;
  };

  return {
    write(chunk) {
      buffer += chunk;
      return buffer.length > holdBack ? take(false) : '';
    },
    end() {
      return take(true);
    },
  };
}
