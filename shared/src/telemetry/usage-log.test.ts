import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendUsageRecord, usageLogPath, type UsageRecord } from './usage-log.js';
import { readUsageRecords, summariseUsage } from './usage-stats.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payready-usage-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    time: '2026-01-10T12:00:00.000Z',
    agent: 'claude',
    model: 'claude-sonnet-4-5',
    status: 'ok',
    error: null,
    ms: 100,
    cache: null,
    input_tokens: 10,
    output_tokens: 5,
    fallbacks: 0,
    ...overrides,
  };
}

describe('usage log', () => {
  it('appends one JSON line per ask, private to the user', () => {
    const stateDir = join(dir, 'state', 'payready');
    appendUsageRecord({ stateDir, record: record(), maxBytes: 10_000 });
    appendUsageRecord({ stateDir, record: record({ agent: 'codex' }), maxBytes: 10_000 });
    const lines = readFileSync(usageLogPath(stateDir), 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as UsageRecord).agent)).toEqual(['claude', 'codex']);
    expect(statSync(usageLogPath(stateDir)).mode & 0o777).toBe(0o600);
  });

  it('rotates by size to usage.jsonl.1, keeping one old generation', () => {
    const line = `${JSON.stringify(record())}\n`.length;
    for (let index = 0; index < 7; index++)
      appendUsageRecord({ stateDir: dir, record: record({ ms: index }), maxBytes: line * 3 });
    const current = readFileSync(usageLogPath(dir), 'utf8').trim().split('\n');
    const previous = readFileSync(`${usageLogPath(dir)}.1`, 'utf8')
      .trim()
      .split('\n');
    expect(current.map((text) => (JSON.parse(text) as UsageRecord).ms)).toEqual([6]);
    expect(previous.map((text) => (JSON.parse(text) as UsageRecord).ms)).toEqual([3, 4, 5]);
    expect(readUsageRecords(dir).map((entry) => entry.ms)).toEqual([3, 4, 5, 6]);
  });

  it('skips torn and foreign lines', () => {
    writeFileSync(usageLogPath(dir), `${JSON.stringify(record())}\n{"time": "2026-01-1\nnot json\n{"other":1}\n`);
    expect(readUsageRecords(dir)).toHaveLength(1);
  });
});

describe('summariseUsage', () => {
  it('per agent: requests, error rate, p50/p95, cache hit ratio, fallbacks, tokens; busiest first', () => {
    const records = [
      ...Array.from({ length: 20 }, (_, index) => record({ ms: (index + 1) * 10 })),
      record({ status: 'error', error: 'rate_limit', ms: 5, input_tokens: 0, output_tokens: 0, fallbacks: 2 }),
      record({ agent: 'codex', cache: 'memory', ms: 1 }),
      record({ agent: 'codex', ms: 300, fallbacks: 1 }),
    ];
    const summary = summariseUsage(records);
    expect(summary.agents.map((agent) => agent.agent)).toEqual(['claude', 'codex']);
    const claude = summary.agents[0]!;
    expect(claude).toMatchObject({
      requests: 21,
      errors: 1,
      p50Ms: 100,
      p95Ms: 190,
      fallbacks: 2,
      inputTokens: 200,
      outputTokens: 100,
      cacheHitRatio: 0,
    });
    expect(claude.errorRate).toBeCloseTo(1 / 21);
    expect(summary.agents[1]).toMatchObject({ requests: 2, cacheHitRatio: 0.5, fallbacks: 1 });
    expect(summary.total).toMatchObject({ agent: 'total', requests: 23, errors: 1, fallbacks: 3 });
  });

  it('keeps only records since the given time', () => {
    const records = [
      record({ time: '2026-01-01T00:00:00Z' }),
      record({ time: '2026-01-09T00:00:00Z', agent: 'codex' }),
    ];
    const summary = summariseUsage(records, { since: new Date('2026-01-05T00:00:00Z') });
    expect(summary.agents.map((agent) => agent.agent)).toEqual(['codex']);
    expect(summary.since).toBe('2026-01-05T00:00:00.000Z');
  });

  it('an empty log is an empty summary, not NaN', () => {
    expect(summariseUsage([]).total).toMatchObject({ requests: 0, errorRate: 0, p50Ms: null, cacheHitRatio: 0 });
  });
});
