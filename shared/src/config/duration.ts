const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A config or flag duration in milliseconds. Numbers are seconds (the seed's `default_timeout: 30`);
 * strings carry a unit (`500ms`, `8s`, `2m`, `1h`).
 */
export function durationToMs(value: number | string): number {
  if (typeof value === 'number') return value * 1000;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a duration: ${JSON.stringify(value)} (try 500ms, 8s, 2m)`);
  return Number(match[1]) * UNIT_MS[match[2] ?? 's']!;
}
