export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before retry number `retry` (1-based): the upstream's retry-after when it gave one, else
 * exponential from baseMs with "full jitter" between half and all of it, so many clients that failed
 * together do not retry together.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  retry: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return retryAfterMs;
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** (retry - 1));
  return Math.round(exponential * (0.5 + random() * 0.5));
}
