import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  INTENT_LABELS,
  UsageError,
  evaluateRouting,
  intentModelReady,
  isIntentLabel,
  prepareIntent,
  scoreIntent,
  type IntentLabel,
  type RoutingMetrics,
  type ScoredItem,
} from '@payready/shared';
import type { CliIO } from '../cli-io.js';

export interface EvalRoutingOptions {
  /** JSONL with `query` and `label` (claude | codex | web | agno) per line. */
  file: string;
  json?: boolean;
  /** Evaluate this model file instead of the shipped one. */
  model?: string;
}

function readItems(path: string, shown: string): { query: string; label: IntentLabel }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${shown}: ${(error as Error).message}`);
  }
  const items: { query: string; label: IntentLabel }[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let row: { query?: unknown; label?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch (error) {
      throw new UsageError(`${shown}:${index + 1}: not JSON (${(error as Error).message})`);
    }
    if (typeof row.query !== 'string' || typeof row.label !== 'string' || !isIntentLabel(row.label)) {
      throw new UsageError(`${shown}:${index + 1}: expected {"query": string, "label": ${INTENT_LABELS.join(' | ')}}`);
    }
    items.push({ query: row.query, label: row.label });
  });
  if (items.length === 0) throw new UsageError(`${shown}: no items`);
  return items;
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

function renderText(metrics: RoutingMetrics, timing: { p50: number; mean: number }): string {
  const lines = [
    `items        ${metrics.count}`,
    `accuracy     ${pct(metrics.accuracy)}`,
    `macro-F1     ${metrics.macroF1.toFixed(3)}`,
    `ECE (15 bin) ${metrics.ece.toFixed(3)}`,
    `µs/decision  p50 ${timing.p50.toFixed(1)}, mean ${timing.mean.toFixed(1)}`,
    '',
    'label    precision  recall  F1     support',
  ];
  for (const label of INTENT_LABELS) {
    const m = metrics.perLabel[label];
    lines.push(
      `${label.padEnd(8)} ${pct(m.precision).padStart(9)}  ${pct(m.recall).padStart(6)}  ${m.f1.toFixed(3)}  ${String(m.support).padStart(7)}`,
    );
  }
  lines.push(
    '',
    `confusion (rows gold, columns predicted)`,
    `${''.padEnd(8)} ${INTENT_LABELS.map((l) => l.padStart(7)).join('')}`,
  );
  metrics.confusion.forEach((row, k) => {
    lines.push(`${INTENT_LABELS[k]!.padEnd(8)} ${row.map((n) => String(n).padStart(7)).join('')}`);
  });
  return `${lines.join('\n')}\n`;
}

/** `payready eval routing FILE.jsonl [--json]`: how well the router picks the labelled agent. */
export async function evalRouting(options: EvalRoutingOptions, io: CliIO): Promise<number> {
  const items = readItems(resolve(io.cwd, options.file), options.file);
  await prepareIntent(options.model ? { modelPath: resolve(io.cwd, options.model) } : {});
  if (!intentModelReady()) throw new UsageError('the routing model did not load');
  // Scored once for the metrics, then timed on a second pass, so JIT warm-up is not charged to the model.
  const scored: ScoredItem[] = items.map((item) => ({
    gold: item.label,
    probabilities: scoreIntent(item.query).probabilities,
  }));
  const micros: number[] = [];
  for (const item of items) {
    const started = performance.now();
    scoreIntent(item.query);
    micros.push((performance.now() - started) * 1000);
  }
  const metrics = evaluateRouting(scored);
  const sorted = [...micros].sort((a, b) => a - b);
  const timing = {
    p50: sorted[Math.floor(sorted.length / 2)] ?? 0,
    mean: micros.reduce((a, b) => a + b, 0) / micros.length,
  };
  if (options.json) {
    const round = (n: number) => Number(n.toFixed(4));
    const perLabel = Object.fromEntries(
      INTENT_LABELS.map((l) => {
        const m = metrics.perLabel[l];
        return [l, { precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), support: m.support }];
      }),
    );
    const result = {
      file: options.file,
      count: metrics.count,
      accuracy: round(metrics.accuracy),
      macroF1: round(metrics.macroF1),
      ece: round(metrics.ece),
      perLabel,
      labels: INTENT_LABELS,
      confusion: metrics.confusion,
      microsPerDecision: { p50: round(timing.p50), mean: round(timing.mean) },
    };
    io.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    io.stdout.write(renderText(metrics, timing));
  }
  return 0;
}
