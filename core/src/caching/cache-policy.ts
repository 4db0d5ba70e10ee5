import { durationToMs, type PayReadyConfig } from '@payready/shared';
import type { CachedAnswer } from './cached-answer.js';

type Sources = CachedAnswer['sources'];

/** How long an answer of `agent` is fresh: agents.<agent>.cache_ttl, else cache.ttl (web: 1h by default). */
export function freshnessMs(config: PayReadyConfig, agent: string): number {
  const own = (config.agents as Record<string, { cache_ttl?: number | string } | undefined>)[agent]?.cache_ttl;
  return durationToMs(own ?? config.cache.ttl);
}

/**
 * How long past its freshness an answer is kept to be served, marked stale, when every agent fails. Web
 * answers and answers citing dated sources get none: they never outlive their sources' freshness window.
 */
export function staleGraceMs(config: PayReadyConfig, agent: string, sources: Sources): number {
  if (agent === 'web' || sources.some((source) => source.date !== undefined)) return 0;
  return durationToMs(config.cache.stale_ttl);
}

/** The entry for an answer of `answeredBy` stored under the key of `keyAgent` (equal unless a fallback answered). */
export function cacheEntry(
  config: PayReadyConfig,
  answer: Omit<CachedAnswer, 'createdAt' | 'freshUntil' | 'expiresAt'>,
  options: { keyAgent: string; now: number },
): CachedAnswer {
  let fresh = freshnessMs(config, answer.agent);
  if (options.keyAgent !== answer.agent) {
    fresh = Math.min(fresh, freshnessMs(config, options.keyAgent), durationToMs(config.cache.fallback_ttl));
  }
  const grace = Math.min(
    staleGraceMs(config, answer.agent, answer.sources),
    staleGraceMs(config, options.keyAgent, answer.sources),
  );
  return { ...answer, createdAt: options.now, freshUntil: options.now + fresh, expiresAt: options.now + fresh + grace };
}
