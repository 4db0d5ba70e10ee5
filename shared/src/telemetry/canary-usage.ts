import type { UsageRecord } from './usage-log.js';
import { percentile } from './usage-stats.js';

/** One side of an agent's canary split, over the asks routed to that agent. */
export interface VariantUsage {
  variant: 'stable' | 'canary';
  /** Asks answered upstream or failed (cache hits are counted apart: they measure no variant). */
  requests: number;
  /** Asks this side did not answer: every agent failed, or another agent answered after it failed. */
  errors: number;
  /** 0..1 */
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Asks answered from the cache. */
  cached: number;
}

export interface CanaryComparison {
  agent: string;
  stable: VariantUsage;
  canary: VariantUsage;
}

function sideOf(record: UsageRecord): 'stable' | 'canary' {
  const side = record.chosen === undefined ? record.variant : record.chosen_variant;
  return side === 'canary' ? 'canary' : 'stable';
}

function summarise(variant: VariantUsage['variant'], records: readonly UsageRecord[]): VariantUsage {
  const upstream = records.filter((record) => !record.cache);
  const chosenOf = (record: UsageRecord) => record.chosen ?? record.agent;
  const errors = upstream.filter((record) => record.status !== 'ok' || record.agent !== chosenOf(record)).length;
  const latencies = upstream.map((record) => record.ms).sort((left, right) => left - right);
  return {
    variant,
    requests: upstream.length,
    errors,
    errorRate: upstream.length === 0 ? 0 : errors / upstream.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    cached: records.length - upstream.length,
  };
}

/**
 * Stable against canary for the asks routed to `agent` (lines written before routing was logged count by
 * the answering agent). A side "fails" an ask when it does not answer it, fallback or not: a canary that
 * errors and falls back must show, not hide behind the agent that stood in.
 */
export function compareCanary(
  records: readonly UsageRecord[],
  agent: string,
  options: { since?: Date } = {},
): CanaryComparison {
  const from = options.since?.getTime();
  const routed = records.filter(
    (record) => (record.chosen ?? record.agent) === agent && (from === undefined || Date.parse(record.time) >= from),
  );
  return {
    agent,
    stable: summarise(
      'stable',
      routed.filter((record) => sideOf(record) === 'stable'),
    ),
    canary: summarise(
      'canary',
      routed.filter((record) => sideOf(record) === 'canary'),
    ),
  };
}
