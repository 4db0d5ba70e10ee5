import {
  cacheGetOutcome,
  durationToMs,
  noopTelemetry,
  track,
  type AskTelemetry,
  type CacheSetOutcome,
  type OutcomeOf,
} from '@payready/shared';
import type { CacheHit } from '../caching/answer-cache.js';
import { answerSettings, cacheKey } from '../caching/cache-key.js';
import { cacheEntry } from '../caching/cache-policy.js';
import { AllAgentsFailedError, DeadlineExceededError } from '../execution/execution-errors.js';
import type { RouteDecision } from '../routing/route-decision.js';
import type { AskResult } from './ask-result.js';
import type { AskOptions } from './run-ask.js';
import { abortableSleep } from '../execution/execute-chain.js';
import { agentOnSide, canarySides, type VariantOf } from '../canary/canary-sides.js';

export interface CachedAskParams {
  options: AskOptions;
  decision: RouteDecision;
  started: number;
  /** The side of its canary split each agent takes for this query. */
  variantOf: VariantOf;
  /** The upstream call: the chosen agent and its fallbacks. */
  execute: () => Promise<AskResult>;
  /** The ask's telemetry: the lookup and the write are tracked (hit/miss metrics, cache spans). */
  telemetry?: AskTelemetry;
}

const POLL_MS = 25;

/**
 * The cache key of this ask as answered by `agent`. Settings are the agent's own; nothing from env. On the
 * canary side they are the canary's (its model, its endpoint), so a canary answer is keyed by what made it:
 * never served as a stable one, even after the percent changes and the query switches sides, and already
 * warm under the same key once `payready canary promote` makes those settings the stable ones.
 */
export function askCacheKey(
  options: AskOptions,
  agent: string,
  variantOf: VariantOf = canarySides(options.registry, options.query.text),
): string {
  const settings = agentOnSide(options.registry.get(agent), variantOf(agent)).settings;
  const { persona } = options;
  return cacheKey({
    agent,
    model: options.model ?? persona.model ?? (typeof settings.model === 'string' ? settings.model : null),
    persona: {
      name: persona.name,
      ...(persona.system !== undefined ? { system: persona.system } : {}),
      ...(persona.temperature !== undefined ? { temperature: persona.temperature } : {}),
      ...(persona.maxTokens !== undefined ? { maxTokens: persona.maxTokens } : {}),
      ...(persona.model !== undefined ? { model: persona.model } : {}),
      ...(persona.template !== undefined ? { template: persona.template } : {}),
    },
    options: answerSettings(settings),
    text: options.text,
    ...(options.history ? { history: options.history } : {}),
    ...(options.templateContext ? { context: options.templateContext } : {}),
  });
}

function fromHit(hit: CacheHit, params: CachedAskParams): AskResult {
  const { entry } = hit;
  return {
    answer: entry.answer,
    agent: entry.agent,
    // The key holds the side's settings, so the side is this query's, as when the entry was written.
    variant: params.variantOf(entry.agent),
    model: entry.model,
    attempts: [],
    durationMs: performance.now() - params.started,
    ttftMs: null,
    usage: entry.usage,
    sources: entry.sources,
    finishReason: entry.finishReason,
    cached: true,
    cacheLevel: hit.level,
    stale: hit.stale,
    cachedAt: new Date(entry.createdAt).toISOString(),
    decision: params.decision,
  };
}

// A stale entry is a miss for the hit ratio: it is served only when every agent fails.
const LOOKUP_OUTCOME = cacheGetOutcome((hit: CacheHit | undefined) => (hit && !hit.stale ? hit.level : undefined));
const STORE_OUTCOME: OutcomeOf<void, CacheSetOutcome> = { value: () => ({ ok: true }), error: () => ({ ok: false }) };

/** How long the cross-process lock is held at most: the ask's deadline, else two attempt timeouts. */
function lockTtlMs(options: AskOptions): number {
  const { routing } = options.config;
  return routing.deadline !== undefined
    ? durationToMs(routing.deadline)
    : Math.min(120_000, 2 * durationToMs(routing.default_timeout));
}

/** Another process holds the lock: poll the cache until it writes, lets go, or its lock would have expired. */
async function waitForHolder(params: CachedAskParams, key: string, ttlMs: number): Promise<CacheHit | undefined> {
  const cache = params.options.cache!;
  const until = performance.now() + ttlMs;
  while (performance.now() < until) {
    await abortableSleep(POLL_MS, params.options.signal);
    const hit = await cache.lookup(key, { record: false });
    if (hit && !hit.stale) return hit;
    if (!cache.redis?.usable() || !(await cache.redis.lockHeld(key)))
      return (await cache.lookup(key, { record: false })) ?? undefined;
  }
  return undefined;
}

/** Writes a successful answer under the chosen agent's key and, after a fallback, under the answerer's too. */
async function store(params: CachedAskParams, key: string, result: AskResult): Promise<void> {
  if (result.answer.trim() === '') return;
  const { options, decision } = params;
  const now = Date.now();
  const answer = {
    answer: result.answer,
    agent: result.agent,
    model: result.model,
    usage: result.usage,
    sources: result.sources,
    finishReason: result.finishReason,
  };
  const writes = [options.cache!.write(key, cacheEntry(options.config, answer, { keyAgent: decision.chosen, now }))];
  if (result.agent !== decision.chosen && options.registry.has(result.agent)) {
    writes.push(
      options.cache!.write(
        askCacheKey(options, result.agent, params.variantOf),
        cacheEntry(options.config, answer, { keyAgent: result.agent, now }),
      ),
    );
  }
  await Promise.all(writes);
}

/** The upstream call for a miss, once across processes when Redis can lock. */
async function fill(params: CachedAskParams, key: string): Promise<AskResult> {
  const { options } = params;
  const redis = options.cache!.redis;
  let token: string | undefined;
  if (redis && options.config.cache.redis.lock && redis.usable()) {
    const ttlMs = lockTtlMs(options);
    token = await redis.tryLock(key, ttlMs);
    if (token === undefined && redis.usable()) {
      const hit = await waitForHolder(params, key, ttlMs);
      if (hit && !hit.stale) return fromHit(hit, params);
      token = await redis.tryLock(key, ttlMs);
    }
  }
  try {
    const result = await params.execute();
    // With the lock held, the waiters poll Redis: the entry must be there before the lock goes.
    const written = track(
      (params.telemetry ?? noopTelemetry.startAsk()).cacheSet(),
      () => store(params, key, result),
      STORE_OUTCOME,
    );
    if (token !== undefined) await written;
    return result;
  } finally {
    if (token !== undefined) await redis!.unlock(key, token);
  }
}

/**
 * runAsk with the answer cache around the upstream call. The key is the chosen agent's: a fresh entry is
 * returned without any upstream call; on a miss one call per key runs in this process (single-flight) and,
 * with Redis, across processes (lock). A successful answer is written to every level — under the chosen
 * agent's key even when a fallback answered (capped at cache.fallback_ttl, so the chosen agent is asked again
 * soon), and under the answering agent's own key. Failures are never cached; when every agent fails or the
 * deadline passes, a kept stale entry is served instead, marked `stale`.
 */
export async function cachedAsk(params: CachedAskParams): Promise<AskResult> {
  const { options } = params;
  const cache = options.cache!;
  const key = askCacheKey(options, params.decision.chosen, params.variantOf);
  let stale: CacheHit | undefined;
  if (options.cacheMode !== 'refresh') {
    const hit = await track(
      (params.telemetry ?? noopTelemetry.startAsk()).cacheGet(),
      () => cache.lookup(key),
      LOOKUP_OUTCOME,
    );
    if (hit && !hit.stale) return fromHit(hit, params);
    stale = hit;
  }
  const flight = cache.flights.run(key, () => fill(params, key));
  try {
    const result = (await flight.promise) as AskResult;
    return flight.shared
      ? { ...result, decision: params.decision, durationMs: performance.now() - params.started }
      : result;
  } catch (error) {
    if (stale && (error instanceof AllAgentsFailedError || error instanceof DeadlineExceededError)) {
      cache.recordStale();
      return { ...fromHit(stale, params), attempts: [...error.attempts] };
    }
    throw error;
  }
}
