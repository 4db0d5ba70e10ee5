import { readFileSync } from 'node:fs';
import type { UsageRecord } from './usage-log.js';
import { usageLogPath } from './usage-log.js';

export interface AgentUsage {
  agent: string;
  requests: number;
  errors: number;
  /** 0..1 */
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Share of asks answered from the cache, 0..1. */
  cacheHitRatio: number;
  fallbacks: number;
  inputTokens: number;
  outputTokens: number;
}

export interface UsageSummary {
  /** ISO time of the window's start, or null for the whole log. */
  since: string | null;
  agents: AgentUsage[];
  total: AgentUsage;
}

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Both generations of the log, oldest first; unreadable or malformed lines are skipped. */
export function readUsageRecords(stateDir: string): UsageRecord[] {
  const path = usageLogPath(stateDir);
  const records: UsageRecord[] = [];
  for (const file of [`${path}.1`, path]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as UsageRecord;
        if (typeof record.time === 'string' && typeof record.ms === 'number') records.push(record);
      } catch {
        // A torn or foreign line: ignore it, as a log reader should.
      }
    }
  }
  return records;
}

function summariseGroup(agent: string, records: readonly UsageRecord[]): AgentUsage {
  const errors = records.filter((record) => record.status !== 'ok').length;
  const latencies = records.map((record) => record.ms).sort((left, right) => left - right);
  const requests = records.length;
  return {
    agent,
    requests,
    errors,
    errorRate: requests === 0 ? 0 : errors / requests,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    cacheHitRatio: requests === 0 ? 0 : records.filter((record) => record.cache).length / requests,
    fallbacks: records.reduce((sum, record) => sum + (record.fallbacks ?? 0), 0),
    inputTokens: records.reduce((sum, record) => sum + (record.input_tokens ?? 0), 0),
    outputTokens: records.reduce((sum, record) => sum + (record.output_tokens ?? 0), 0),
  };
}

/** Per-agent requests, error rate, p50/p95 latency, cache hit ratio, fallbacks and tokens since `since`. */
export function summariseUsage(records: readonly UsageRecord[], options: { since?: Date } = {}): UsageSummary {
  const from = options.since?.getTime();
  const kept = from === undefined ? records : records.filter((record) => Date.parse(record.time) >= from);
  const byAgent = new Map<string, UsageRecord[]>();
  for (const record of kept) {
    const agent = record.agent ?? '(none)';
    let group = byAgent.get(agent);
    if (!group) byAgent.set(agent, (group = []));
    group.push(record);
  }
  const agents = [...byAgent.entries()]
    .map(([agent, group]) => summariseGroup(agent, group))
    .sort((left, right) => right.requests - left.requests || left.agent.localeCompare(right.agent));
  return { since: options.since?.toISOString() ?? null, agents, total: summariseGroup('total', kept) };
}
