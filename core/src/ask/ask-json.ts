import type { AttemptRecord } from '../execution/attempt-record.js';
import type { AskResult } from './ask-result.js';

/** One attempt as `--json` and the HTTP service report it (also in the error of a failed ask). */
export function attemptJson(attempt: AttemptRecord): Record<string, unknown> {
  return {
    agent: attempt.agent,
    ok: attempt.ok,
    errorKind: attempt.errorKind ?? null,
    ms: Math.round(attempt.ms),
    ...(attempt.status ? { status: attempt.status } : {}),
    ...(attempt.skipped ? { skipped: true } : {}),
    ...(attempt.message && !attempt.ok ? { message: attempt.message } : {}),
  };
}

/**
 * The one object `ask --json` prints and `POST /v1/ask` answers. Field names are a public interface: add,
 * never rename.
 */
export function askJson(result: AskResult): Record<string, unknown> {
  return {
    answer: result.answer,
    agent: result.agent,
    variant: result.variant,
    model: result.model,
    attempts: result.attempts.map(attemptJson),
    durationMs: Math.round(result.durationMs),
    ttftMs: result.ttftMs === null ? null : Math.round(result.ttftMs),
    usage: result.usage,
    cached: result.cached,
    cacheLevel: result.cacheLevel,
    stale: result.stale ?? false,
    cachedAt: result.cachedAt ?? null,
    sources: result.sources,
    finishReason: result.finishReason,
    route: {
      reason: result.decision.reason,
      scores: Object.fromEntries(result.decision.ranked.map((agent) => [agent.name, Number(agent.score.toFixed(4))])),
    },
  };
}
