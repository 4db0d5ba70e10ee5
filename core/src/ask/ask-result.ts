import type { CacheLevel } from '../caching/cached-answer.js';
import type { AttemptRecord } from '../execution/attempt-record.js';
import type { RouteDecision } from '../routing/route-decision.js';
import type { Variant } from '../canary/canary-split.js';

/** The outcome of one ask: what `--json` prints and what the server returns. */
export interface AskResult {
  answer: string;
  agent: string;
  /** The side of the answering agent's canary split: `canary` when its canary's model/endpoint answered. */
  variant: Variant;
  model: string | null;
  attempts: AttemptRecord[];
  durationMs: number;
  /** ms from the start of the ask to the first text delta of the answering attempt. */
  ttftMs: number | null;
  usage: { inputTokens: number; outputTokens: number } | null;
  sources: Array<{ url: string; title: string; date?: string }>;
  finishReason: string | null;
  cached: boolean;
  /** The level that answered: memory (this process), redis (shared) or disk (this user); null when upstream did. */
  cacheLevel: CacheLevel | null;
  /** A cached answer past its agent's freshness, served only because every agent failed (see cache-policy.ts). */
  stale?: boolean;
  /** When a cached answer was made (ISO 8601). */
  cachedAt?: string;
  decision: RouteDecision;
}
