import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import { writeFileAtomic } from '../paths/atomic-write.js';
import { cjsExports } from '../node/cjs-exports.js';

export interface PushMetricsOptions {
  /** Pushgateway base URL, e.g. http://localhost:9091 */
  url: string;
  registry: Registry;
  /** Grouping key; default job `payready`, instance the host name. */
  job?: string;
  instance?: string;
  /** Bound on the whole push (the CLI waits at most this long). */
  timeoutMs: number;
  /**
   * Where this machine's running totals are kept between runs. A short-lived process starts every counter
   * at zero and the Pushgateway keeps only the last push, so without it `ai_requests_total` would read 1
   * forever and rate() would see nothing. The totals survive restarts of the gateway too.
   */
  totalsFile?: string;
}

type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

function readTotals(file: string): MetricsJson | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as MetricsJson) : undefined;
  } catch {
    return undefined;
  }
}

/** This run's metrics added to the running totals (counters and histograms summed), persisted. */
async function cumulative(registry: Registry, totalsFile: string): Promise<string> {
  const { AggregatorRegistry } = cjsExports(await import('prom-client'));
  const current = await registry.getMetricsAsJSON();
  const previous = readTotals(totalsFile);
  // A gauge (ai_active_requests) is back to 0 when a run ends; summing keeps it there.
  const merged = AggregatorRegistry.aggregate(previous ? [previous, current] : [current]);
  writeFileAtomic(totalsFile, JSON.stringify(await merged.getMetricsAsJSON()), { fsync: false });
  return merged.metrics();
}

/**
 * PUTs the metrics to the Pushgateway's group `job/<job>/instance/<instance>` (replacing the group: we
 * send running totals). Rejects on failure or when `timeoutMs` passes; the caller decides to ignore it.
 */
export async function pushMetrics(options: PushMetricsOptions): Promise<void> {
  const body = options.totalsFile
    ? await cumulative(options.registry, options.totalsFile)
    : await options.registry.metrics();
  const job = encodeURIComponent(options.job ?? 'payready');
  const instance = encodeURIComponent(options.instance ?? hostname());
  const url = `${options.url.replace(/\/+$/, '')}/metrics/job/${job}/instance/${instance}`;
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
    body,
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) {
    const detail = (await response.text().catch(() => '')).slice(0, 200).trim();
    throw new Error(`Pushgateway answered ${response.status}${detail ? `: ${detail}` : ''}`);
  }
}
