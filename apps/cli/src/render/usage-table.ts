import type { AgentUsage, UsageSummary } from '@payready/shared';

const BAR_WIDTH = 16;
const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of `share` (0..1) in eighths of a cell. */
export function bar(share: number, width = BAR_WIDTH): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  return `${'█'.repeat(Math.floor(eighths / 8))}${BLOCKS[eighths % 8]}`.padEnd(width);
}

const percent = (ratio: number): string => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`;
const latency = (ms: number | null): string =>
  ms === null ? '-' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
const count = (value: number): string =>
  value < 10_000
    ? String(value)
    : value < 10_000_000
      ? `${(value / 1000).toFixed(1)}k`
      : `${(value / 1e6).toFixed(1)}M`;

const HEADER = ['agent', 'requests', 'errors', 'p50', 'p95', 'cache hits', 'fallbacks', 'tokens in/out'];

function cells(row: AgentUsage): string[] {
  return [
    row.agent,
    String(row.requests),
    percent(row.errorRate),
    latency(row.p50Ms),
    latency(row.p95Ms),
    percent(row.cacheHitRatio),
    String(row.fallbacks),
    `${count(row.inputTokens)}/${count(row.outputTokens)}`,
  ];
}

export interface UsageTableOptions {
  /** Bars next to the request counts and error rates (a terminal). */
  bars: boolean;
  /** Red error rates above 5 % (a terminal without NO_COLOR). */
  color: boolean;
  /** How the window was asked for, e.g. `7d`. */
  window?: string;
}

/** `payready stats` as text: one row per agent, then the total. */
export function formatUsageTable(summary: UsageSummary, options: UsageTableOptions): string {
  if (summary.total.requests === 0) return `no asks recorded${summary.since ? ` since ${summary.since}` : ''}\n`;
  const rows = [...summary.agents.map(cells), cells(summary.total)];
  const widths = HEADER.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const pad = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)));
  const busiest = Math.max(...summary.agents.map((agent) => agent.requests));
  const lines = [
    `asks ${summary.since ? `since ${summary.since}${options.window ? ` (${options.window})` : ''}` : 'in the usage log'}`,
  ];
  lines.push(pad(HEADER).join('  ') + (options.bars ? `  ${'requests'.padEnd(BAR_WIDTH)}  errors` : ''));
  const records = [...summary.agents, summary.total];
  rows.forEach((row, index) => {
    const usage = records[index]!;
    let line = pad(row).join('  ');
    if (options.bars && usage !== summary.total) {
      const errors = bar(usage.errorRate, 8);
      const shown = options.color && usage.errorRate > 0.05 ? `\u001b[31m${errors}\u001b[39m` : errors;
      line += `  ${bar(usage.requests / busiest)}  ${shown}`;
    }
    lines.push(line.trimEnd());
  });
  return `${lines.join('\n')}\n`;
}
