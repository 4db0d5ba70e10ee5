import type { AskResult } from '@payready/core';

/** The one object `ask --json` prints. Field names are a public interface: add, never rename. */
export function askJson(result: AskResult): Record<string, unknown> {
  return {
    answer: result.answer,
    agent: result.agent,
    model: result.model,
    attempts: result.attempts.map((attempt) => ({
      agent: attempt.agent,
      ok: attempt.ok,
      errorKind: attempt.errorKind ?? null,
      ms: Math.round(attempt.ms),
      ...(attempt.status ? { status: attempt.status } : {}),
      ...(attempt.skipped ? { skipped: true } : {}),
      ...(attempt.message && !attempt.ok ? { message: attempt.message } : {}),
    })),
    durationMs: Math.round(result.durationMs),
    ttftMs: result.ttftMs === null ? null : Math.round(result.ttftMs),
    usage: result.usage,
    cached: result.cached,
    cacheLevel: result.cacheLevel,
    sources: result.sources,
    finishReason: result.finishReason,
    route: {
      reason: result.decision.reason,
      scores: Object.fromEntries(result.decision.ranked.map((agent) => [agent.name, Number(agent.score.toFixed(4))])),
    },
  };
}
