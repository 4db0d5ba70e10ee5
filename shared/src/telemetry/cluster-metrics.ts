import type { Registry } from 'prom-client';
import { cjsExports } from '../node/cjs-exports.js';

/**
 * `payready serve --workers N`: one /metrics view of every worker, whichever worker a scrape reaches.
 * prom-client's AggregatorRegistry does the IPC: the primary asks each worker for its registry as JSON and
 * merges them (sums; the process metrics by their own aggregators).
 */
export async function clusterMetricsInPrimary(): Promise<() => Promise<string>> {
  const { AggregatorRegistry } = cjsExports(await import('prom-client'));
  const aggregator = new AggregatorRegistry();
  return () => aggregator.clusterMetrics();
}

/** In a worker: answer the primary's metrics requests from `registry`. */
export async function shareMetricsWithPrimary(registry: Registry): Promise<void> {
  const { AggregatorRegistry } = cjsExports(await import('prom-client'));
  // Constructing one installs the worker's listener for the primary's requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries(registry);
}
