import { describe, expect, it } from 'vitest';
import type { AgentUsage, UsageSummary } from '@payready/shared';
import { bar, formatUsageTable } from './usage-table.js';

const usage = (agent: string, overrides: Partial<AgentUsage> = {}): AgentUsage => ({
  agent,
  requests: 10,
  errors: 0,
  errorRate: 0,
  p50Ms: 820,
  p95Ms: 4200,
  cacheHitRatio: 0.25,
  fallbacks: 1,
  inputTokens: 12_345,
  outputTokens: 678,
  ...overrides,
});

const summary: UsageSummary = {
  since: '2026-01-01T00:00:00.000Z',
  agents: [usage('claude', { requests: 40, errors: 4, errorRate: 0.1 }), usage('local', { p50Ms: 12, p95Ms: 30 })],
  total: usage('total', { requests: 50 }),
};

describe('formatUsageTable', () => {
  it('bars on a terminal, red error bars only with colour', () => {
    const text = formatUsageTable(summary, { bars: true, color: true, window: '7d' });
    expect(text.split('\n')[0]).toBe('asks since 2026-01-01T00:00:00.000Z (7d)');
    expect(text).toContain(bar(1));
    expect(text).toContain(`${bar(0.25).trimEnd()}\n`);
    expect(text).toContain('\u001b[31m');
    expect(formatUsageTable(summary, { bars: true, color: false })).not.toContain('\u001b[');
  });

  it('plain: aligned columns, humane units, no bars', () => {
    const text = formatUsageTable(summary, { bars: false, color: false });
    expect(text).not.toMatch(/[█▏▎▍▌▋▊▉]/);
    const lines = text.trim().split('\n');
    expect(lines[1]).toMatch(/^agent\s+requests\s+errors\s+p50\s+p95\s+cache hits\s+fallbacks\s+tokens in\/out$/);
    expect(lines[2]).toMatch(/^claude\s+40\s+10%\s+820 ms\s+4\.2 s\s+25%\s+1\s+12\.3k\/678$/);
    expect(lines[3]).toMatch(/^local\s+10\s+0%\s+12 ms\s+30 ms/);
    expect(lines[4]).toMatch(/^total\s+50/);
  });

  it('bar draws eighths of a cell', () => {
    expect(bar(0, 4)).toBe('    ');
    expect(bar(1, 4)).toBe('████');
    expect(bar(0.5, 4)).toBe('██  ');
    expect(bar(1 / 32, 4)).toBe('▏   ');
  });
});
