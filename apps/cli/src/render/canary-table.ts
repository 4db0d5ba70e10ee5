import type { VariantUsage } from '@payready/shared';

/** One side of an agent's split: what it runs and how it did. */
export type CanarySide = VariantUsage & { model: string | null; endpoint: string | null };

export interface CanaryRow {
  agent: string;
  /** The configured share of the canary; 0 when the agent has none (any more). */
  percent: number;
  stable: CanarySide;
  canary: CanarySide;
}

const HEADER = ['agent', 'variant', 'share', 'runs', 'requests', 'errors', 'p50', 'p95', 'cached'];

const rate = (ratio: number): string => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`;
const latency = (ms: number | null): string =>
  ms === null ? '-' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

function cells(row: CanaryRow, side: CanarySide): string[] {
  const share = side.variant === 'canary' ? row.percent : 100 - row.percent;
  const runs = [side.model, side.endpoint].filter((value) => value !== null).join(' @ ') || '-';
  return [
    side.variant === 'stable' ? row.agent : '',
    side.variant,
    `${share}%`,
    runs,
    String(side.requests),
    rate(side.errorRate),
    latency(side.p50Ms),
    latency(side.p95Ms),
    String(side.cached),
  ];
}

/** A verdict worth a glance: the canary's error rate or p95 against the stable side's. */
function verdict(row: CanaryRow): string | undefined {
  const { stable, canary } = row;
  if (canary.requests === 0) return `${row.agent}: no canary asks recorded yet`;
  const parts = [`error rate ${rate(canary.errorRate)} vs ${rate(stable.errorRate)}`];
  if (canary.p95Ms !== null && stable.p95Ms !== null)
    parts.push(`p95 ${latency(canary.p95Ms)} vs ${latency(stable.p95Ms)}`);
  return `${row.agent}: canary ${parts.join(', ')} (stable)`;
}

/** `payready canary status` as text: two rows per agent (stable, canary), then one line comparing them. */
export function formatCanaryTable(rows: readonly CanaryRow[], options: { window?: string } = {}): string {
  if (rows.length === 0) return 'no agent has a canary (agents.<name>.canary: {model | endpoint, percent})\n';
  const table = rows.flatMap((row) => [cells(row, row.stable), cells(row, row.canary)]);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...table.map((line) => line[column]!.length)));
  const pad = (line: string[]) =>
    line.map((cell, column) => (column < 4 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)));
  const lines = [
    `asks ${options.window ? `in the last ${options.window}` : 'in the usage log'}`,
    pad(HEADER).join('  ').trimEnd(),
    ...table.map((line) => pad(line).join('  ').trimEnd()),
    '',
    ...rows.map(verdict).filter((line): line is string => line !== undefined),
  ];
  return `${lines.join('\n')}\n`;
}
