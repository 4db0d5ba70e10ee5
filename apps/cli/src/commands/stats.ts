import { readUsageRecords, summariseUsage, UsageError, xdgPaths } from '@payready/shared';
import type { CliIO } from '../cli-io.js';
import { formatUsageTable } from '../render/usage-table.js';

export interface StatsOptions {
  since?: string;
  json?: boolean;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `12h`, `30m`, `2w`, or an ISO date. */
export function parseSince(value: string, now: number): Date {
  const relative = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(value.trim());
  if (relative) return new Date(now - Number(relative[1]) * UNIT_MS[relative[2]!]!);
  const absolute = Date.parse(value);
  if (!Number.isNaN(absolute)) return new Date(absolute);
  throw new UsageError(`--since ${value}: expected a window such as 30m, 12h, 7d, 2w, or a date such as 2026-01-31`);
}

/**
 * `payready stats`: per agent requests, error rate, p50/p95 latency, cache hit ratio, fallbacks and tokens
 * from the usage log. Reads no config and loads no agent.
 */
export async function statsCommand(options: StatsOptions, io: CliIO): Promise<number> {
  const since = options.since === undefined ? undefined : parseSince(options.since, Date.now());
  const summary = summariseUsage(readUsageRecords(xdgPaths(io.env).stateDir), since ? { since } : {});
  if (options.json) {
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  const terminal = Boolean(io.stdout.isTTY) && io.env.TERM !== 'dumb';
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  io.stdout.write(
    formatUsageTable(summary, {
      bars: terminal,
      color: terminal && !noColor,
      ...(options.since ? { window: options.since } : {}),
    }),
  );
  return 0;
}
