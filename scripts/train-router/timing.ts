import { decodeRouterModel, scoreWithModel } from '../../shared/src/intent/model.js';
import type { RouterModelFile } from '../../shared/src/intent/model.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Load time (parse of the header and a view of the weights) and µs per decision (features, scores and reasons), p50, for the
 * report. Measured inside the training process on whatever else the machine is doing, so it is indicative;
 * tests/performance/intent.bench.ts is the reference measurement.
 */
export function measureTiming(
  json: string,
  weights: Uint8Array,
  queries: readonly string[],
): { loadMs: number; decisionUs: number } {
  const loads: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = process.hrtime.bigint();
    decodeRouterModel(JSON.parse(json) as RouterModelFile, weights);
    loads.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const model = decodeRouterModel(JSON.parse(json) as RouterModelFile, weights);
  const decisions: number[] = [];
  // The first pass warms the JIT; only the later passes are timed.
  for (let pass = 0; pass < 4; pass++) {
    for (const query of queries) {
      const started = process.hrtime.bigint();
      scoreWithModel(model, query, { referenceYear: 2024 });
      if (pass > 0) decisions.push(Number(process.hrtime.bigint() - started) / 1000);
    }
  }
  return { loadMs: median(loads), decisionUs: median(decisions) };
}
