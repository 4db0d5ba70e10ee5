/** The part of a fetch `Headers` this module reads. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * The delay an upstream asked for, in milliseconds: `retry-after-ms` (a float, Stainless SDKs' own header)
 * first, else `retry-after` as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: HeaderReader | undefined, now: number = Date.now()): number | undefined {
  const milliseconds = headers?.get('retry-after-ms');
  if (milliseconds) {
    const value = Number.parseFloat(milliseconds);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const header = headers?.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number.parseFloat(header) * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
