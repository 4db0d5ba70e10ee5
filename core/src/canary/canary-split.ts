import { sha256Hex } from '../caching/sha256-hex.js';

/** Which side of an agent's canary split a query takes. Agents without a canary are always `stable`. */
export type Variant = 'stable' | 'canary';

/** Buckets per 100 %: a percent is honoured to 0.01. */
export const CANARY_BUCKETS = 10_000;

/**
 * Case and runs of whitespace do not make another question: "What is X?" and "what is  x? " share a side.
 * Nothing stronger (the router's placeholder normalisation would fold "port 80" and "port 443" together,
 * which is too coarse for an even split).
 */
export function canaryText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The query's bucket in [0, CANARY_BUCKETS) for this agent: the first 32 bits of sha256(agent NUL text). The
 * agent name is in the hash so that each agent's canary takes an independent slice of the traffic. sha256
 * is the cache key's hash too: deterministic across processes and machines, and uniform enough that the
 * modulo bias (2^32 mod 10^4) is below 10^-5.
 */
export function canaryBucket(agent: string, text: string): number {
  return Number.parseInt(sha256Hex(`${agent}\0${canaryText(text)}`).slice(0, 8), 16) % CANARY_BUCKETS;
}

/** `canary` iff the query's bucket falls below percent × 100: pure, so a question always takes the same side. */
export function canarySide(agent: string, text: string, percent: number): Variant {
  if (!(percent > 0)) return 'stable';
  if (percent >= 100) return 'canary';
  return canaryBucket(agent, text) < Math.round(percent * (CANARY_BUCKETS / 100)) ? 'canary' : 'stable';
}
