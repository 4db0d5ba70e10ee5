import { fitTemperature, softmax } from '../../shared/src/intent/calibration.js';
import { extractFeatures } from '../../shared/src/intent/features.js';
import type { FeatureConfig } from '../../shared/src/intent/features.js';
import { INTENT_LABELS } from '../../shared/src/intent/labels.js';
import { textLogits } from '../../shared/src/intent/model.js';
import type { RouterModel, SignalMode } from '../../shared/src/intent/model.js';
import { detectSignals, SIGNAL_IDS, SIGNAL_LABEL } from '../../shared/src/intent/signals.js';
import type { Example } from './dataset.js';
import { stratifiedFolds } from './dataset.js';
import { trainLogisticRegression } from './logistic-regression.js';
import type { SparseExample } from './logistic-regression.js';

export interface TrainConfig {
  features: FeatureConfig;
  lambda: number;
  /** Example weight ∝ (1 / size of its source)^sourceBalance: 0 = plain, 1 = every source counts equally. */
  sourceBalance: number;
  /** The year the training queries were asked in, for the near-term-year signal. */
  referenceYear: number;
  /** Sources always kept in training and never held out (e.g. user corrections). */
  alwaysTrain: readonly string[];
  /** L-BFGS iteration cap. */
  maxIterations?: number;
}

/** Out-of-fold predictions: raw logits (before priors and temperature) and the signals each item fired. */
export interface HeldOut {
  logits: Float64Array[];
  signals: string[][];
  /** Which held-out group (fold number or source name) each item was predicted in. */
  group: string[];
}

function exampleWeights(examples: readonly Example[], sourceBalance: number): number[] {
  const sizes = new Map<string, number>();
  for (const example of examples) sizes.set(example.source, (sizes.get(example.source) ?? 0) + 1);
  const mean = examples.length / sizes.size;
  return examples.map((example) => (mean / sizes.get(example.source)!) ** sourceBalance);
}

export function featurize(examples: readonly Example[], config: TrainConfig, mode: SignalMode): SparseExample[] {
  const weights = exampleWeights(examples, config.sourceBalance);
  return examples.map((example, index) => {
    const signals = mode === 'features' ? detectSignals(example.query, config.referenceYear) : [];
    const vector = extractFeatures(example.query, config.features, signals);
    return {
      indices: vector.indices.slice(0, vector.length),
      values: vector.values.slice(0, vector.length),
      label: INTENT_LABELS.indexOf(example.label),
      weight: weights[index]!,
    };
  });
}

/**
 * Rescales example weights so every label has the same total weight. Holding out a source can remove most of
 * a label's data (all public agno items are WebVoyager); without this the fold learns "agno is rare".
 */
function balanceLabels(sparse: readonly SparseExample[]): SparseExample[] {
  const totals = new Float64Array(INTENT_LABELS.length);
  for (const example of sparse) totals[example.label]! += example.weight;
  const present = totals.filter((t) => t > 0);
  const mean = present.reduce((a, b) => a + b, 0) / Math.max(1, present.length);
  return sparse.map((example) => ({ ...example, weight: (example.weight * mean) / totals[example.label]! }));
}

/** The model as shipped: weights rounded to int8 with one scale (max |w| / 127). */
export function quantiseModel(model: RouterModel): RouterModel {
  let max = 0;
  for (const w of model.weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const weights = new Int8Array(model.weights.length);
  model.weights.forEach((w, i) => (weights[i] = Math.round(w / scale)));
  return { ...model, weights, weightScale: scale };
}

/**
 * A runtime model, quantised as shipped, so held-out figures measure what ships; evaluation goes through the
 * same `textLogits` the CLI uses.
 */
export function fitModel(
  sparse: readonly SparseExample[],
  config: TrainConfig,
  mode: SignalMode,
  options: { quantise?: boolean } = {},
): RouterModel {
  const started = Date.now();
  const fit = trainLogisticRegression(balanceLabels(sparse), {
    classes: INTENT_LABELS.length,
    dims: config.features.dims,
    lambda: config.lambda,
    ...(config.maxIterations ? { maxIterations: config.maxIterations } : {}),
  });
  if (process.env.TRAIN_ROUTER_DEBUG) {
    process.stderr.write(
      `  fit: ${sparse.length} examples, ${fit.iterations} iterations, loss ${fit.loss.toFixed(4)}, ${Date.now() - started} ms\n`,
    );
  }
  const model: RouterModel = {
    features: config.features,
    signalMode: mode === 'features' ? 'features' : 'none',
    signalPriors: {},
    temperature: 1,
    bias: fit.bias,
    weights: fit.weights,
    weightScale: 1,
  };
  return options.quantise === false ? model : quantiseModel(model);
}

function predictInto(
  heldOut: HeldOut,
  options: { model: RouterModel; examples: readonly Example[]; test: number[]; group: string; config: TrainConfig },
): void {
  for (const index of options.test) {
    const query = options.examples[index]!.query;
    heldOut.logits[index] = textLogits(options.model, query, { referenceYear: options.config.referenceYear });
    heldOut.signals[index] = detectSignals(query, options.config.referenceYear).map((hit) => hit.signal.id);
    heldOut.group[index] = options.group;
  }
}

function emptyHeldOut(size: number): HeldOut {
  return { logits: new Array(size), signals: new Array(size), group: new Array(size) };
}

export function crossValidate(
  examples: readonly Example[],
  options: { config: TrainConfig; mode: SignalMode; folds: number; seed: number },
): HeldOut {
  const { config, mode } = options;
  const sparse = featurize(examples, config, mode);
  const assignment = stratifiedFolds(examples, { folds: options.folds, seed: options.seed });
  const heldOut = emptyHeldOut(examples.length);
  for (let fold = 0; fold < options.folds; fold++) {
    const train = sparse.filter((_, i) => assignment[i] !== fold || config.alwaysTrain.includes(examples[i]!.source));
    const test = examples.flatMap((e, i) =>
      assignment[i] === fold && !config.alwaysTrain.includes(e.source) ? [i] : [],
    );
    const model = fitModel(train, config, mode);
    predictInto(heldOut, { model, examples, test, group: `fold ${fold + 1}`, config });
  }
  return heldOut;
}

export function leaveOneSourceOut(
  examples: readonly Example[],
  options: { config: TrainConfig; mode: SignalMode },
): HeldOut {
  const { config, mode } = options;
  const sparse = featurize(examples, config, mode);
  const heldOut = emptyHeldOut(examples.length);
  const sources = [...new Set(examples.map((e) => e.source))].filter((s) => !config.alwaysTrain.includes(s));
  for (const source of sources) {
    const model = fitModel(
      sparse.filter((_, i) => examples[i]!.source !== source),
      config,
      mode,
    );
    const test = examples.flatMap((e, i) => (e.source === source ? [i] : []));
    predictInto(heldOut, { model, examples, test, group: source, config });
  }
  return heldOut;
}

const PRIOR_GRID = [0, 0.5, 1, 1.5, 2, 3, 4, 6];

export function withPriors(
  logits: Float64Array,
  signals: readonly string[],
  priors: Readonly<Record<string, number>>,
): Float64Array {
  const out = Float64Array.from(logits);
  for (const id of signals) {
    const label = SIGNAL_LABEL[id];
    if (label) out[INTENT_LABELS.indexOf(label)]! += priors[id] ?? 0;
  }
  return out;
}

function meanNll(rows: readonly Float64Array[], gold: readonly number[]): number {
  let sum = 0;
  rows.forEach((row, i) => (sum -= Math.log(Math.max(softmax(row)[gold[i]!]!, 1e-12))));
  return sum / Math.max(1, rows.length);
}

/** Prior-mode offsets: coordinate descent over a small grid, minimising held-out NLL. */
export function fitPriors(
  rows: { logits: Float64Array; signals: readonly string[]; gold: number }[],
): Record<string, number> {
  const priors: Record<string, number> = Object.fromEntries(SIGNAL_IDS.map((id) => [id, 0]));
  const gold = rows.map((row) => row.gold);
  const score = () =>
    meanNll(
      rows.map((row) => withPriors(row.logits, row.signals, priors)),
      gold,
    );
  for (let pass = 0; pass < 2; pass++) {
    for (const id of SIGNAL_IDS) {
      if (rows.filter((row) => row.signals.includes(id)).length < 5) continue;
      let best = priors[id]!;
      let bestScore = Infinity;
      for (const candidate of PRIOR_GRID) {
        priors[id] = candidate;
        const value = score();
        if (value < bestScore - 1e-9) {
          bestScore = value;
          best = candidate;
        }
      }
      priors[id] = best;
    }
  }
  return priors;
}

/**
 * Applies prior-mode offsets cross-fitted per group (fitted on every other group's held-out rows), so an
 * item's offsets never saw its own group.
 */
export function crossFitPriors(heldOut: HeldOut, examples: readonly Example[]): Float64Array[] {
  const groups = [...new Set(heldOut.group.filter((g) => g !== undefined))];
  const out: Float64Array[] = new Array(examples.length);
  for (const group of groups) {
    const rows = heldOut.logits.flatMap((logits, i) =>
      logits && heldOut.group[i] !== group
        ? [{ logits, signals: heldOut.signals[i]!, gold: INTENT_LABELS.indexOf(examples[i]!.label) }]
        : [],
    );
    const priors = fitPriors(rows);
    heldOut.logits.forEach((logits, i) => {
      if (logits && heldOut.group[i] === group) out[i] = withPriors(logits, heldOut.signals[i]!, priors);
    });
  }
  return out;
}

/** Temperature per group, fitted on every other group's held-out logits. */
export function crossFitTemperatures(
  logits: readonly Float64Array[],
  groups: readonly string[],
  gold: readonly number[],
): number[] {
  const names = [...new Set(groups.filter((g) => g !== undefined))];
  const byGroup = new Map<string, number>();
  for (const name of names) {
    const keep = logits.flatMap((row, i) => (row && groups[i] !== name ? [i] : []));
    byGroup.set(
      name,
      fitTemperature(
        keep.map((i) => logits[i]!),
        keep.map((i) => gold[i]!),
      ),
    );
  }
  return groups.map((g) => byGroup.get(g) ?? 1);
}
