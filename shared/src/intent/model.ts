import { extractFeatures, featureName } from './features.js';
import type { FeatureConfig, FeatureVector } from './features.js';
import { INTENT_LABELS } from './labels.js';
import type { IntentLabel, IntentScores } from './labels.js';
import { detectSignals } from './signals.js';
import type { SignalHit } from './signals.js';

/** `features`: signals are model features with learned weights; `prior`: fixed, fitted logit offsets. */
export type SignalMode = 'features' | 'prior' | 'none';

/** The on-disk model (`model/router-model.json`), written by `scripts/train-router/train.mjs`. */
export interface RouterModelFile {
  format: 'payready-router/1';
  labels: string[];
  features: FeatureConfig;
  signalMode: SignalMode;
  /** Logit offset added to a signal's label when it fires (prior mode only). */
  signalPriors: Record<string, number>;
  temperature: number;
  bias: number[];
  /** Weights are int8 times this scale. */
  weightScale: number;
  /**
   * Sparse rows (most buckets are never used): `rows` is base64 of the used bucket numbers as LEB128 varints
   * of their differences; `weights` is base64 of int8 × labels per used bucket, in the same order.
   */
  rows: string;
  weights: string;
  training: Record<string, unknown>;
}

export interface RouterModel {
  features: FeatureConfig;
  signalMode: SignalMode;
  signalPriors: Readonly<Record<string, number>>;
  temperature: number;
  bias: Float64Array;
  weights: Int8Array | Float32Array;
  weightScale: number;
}

/** A logit offset from outside the model (a user's correction), with the reason it gives. */
export interface LogitPrior {
  label: IntentLabel;
  logit: number;
  reason: string;
}

/**
 * Dense dims × labels int8 weights from the sparse encoding (see `RouterModelFile.rows`). With four labels a
 * row is exactly one int32, so rows are scattered as int32 words: this runs once per process, mostly before
 * the JIT has compiled anything, so it must be cheap even interpreted.
 */
function decodeSparseWeights(file: RouterModelFile, labels: number): Int8Array {
  const rows = Buffer.from(file.rows, 'base64');
  const packedBytes = Buffer.from(file.weights, 'base64');
  const count = packedBytes.length / labels;
  if (!Number.isInteger(count)) throw new Error('router model weights truncated');
  const dense = new Int8Array(file.features.dims * labels);
  // A fresh, aligned copy so it can be read as int32 words.
  const packed = new Int32Array(new Uint8Array(packedBytes).buffer);
  const denseWords = new Int32Array(dense.buffer);
  let bucket = 0;
  let row = 0;
  let delta = 0;
  let shift = 0;
  for (let i = 0; i < rows.length; i++) {
    const byte = rows[i]!;
    delta |= (byte & 0x7f) << shift;
    shift += 7;
    if (byte & 0x80) continue;
    bucket += delta;
    delta = 0;
    shift = 0;
    if (bucket >= file.features.dims || row >= count) throw new Error('router model weights corrupt');
    denseWords[bucket] = packed[row++]!;
  }
  if (row !== count) throw new Error('router model weights truncated');
  return dense;
}

/** The sparse encoding of dense int8 weights (the inverse of `decodeSparseWeights`), for the trainer. */
export function encodeSparseWeights(dense: Int8Array, labels: number): { rows: string; weights: string } {
  const rowBytes: number[] = [];
  const packed: number[] = [];
  let previous = 0;
  for (let bucket = 0; bucket * labels < dense.length; bucket++) {
    let used = false;
    for (let k = 0; k < labels; k++) used ||= dense[bucket * labels + k] !== 0;
    if (!used) continue;
    let delta = bucket - previous;
    previous = bucket;
    do {
      const low = delta & 0x7f;
      delta >>>= 7;
      rowBytes.push(delta > 0 ? low | 0x80 : low);
    } while (delta > 0);
    for (let k = 0; k < labels; k++) packed.push(dense[bucket * labels + k]! & 0xff);
  }
  return { rows: Buffer.from(rowBytes).toString('base64'), weights: Buffer.from(packed).toString('base64') };
}

export function decodeRouterModel(file: RouterModelFile): RouterModel {
  if (file.format !== 'payready-router/1') throw new Error(`unknown router model format ${String(file.format)}`);
  if (file.labels.join() !== INTENT_LABELS.join()) throw new Error(`router model labels ${file.labels.join()}`);
  // One int32 word per row (see decodeSparseWeights).
  const weights = decodeSparseWeights(file, 4);
  return {
    features: file.features,
    signalMode: file.signalMode,
    signalPriors: file.signalPriors,
    temperature: file.temperature,
    bias: Float64Array.from(file.bias),
    weights,
    weightScale: file.weightScale,
  };
}

const LABEL_COUNT = INTENT_LABELS.length;
const TOP_REASONS = 3;

interface Contribution {
  value: number;
  name: string;
}

/**
 * The `TOP_REASONS` largest positive contributions per label (unscaled `weight × value`, and the feature's
 * position in the vector), as flat scratch arrays, label-major. Most features lose the first comparison, so
 * keeping them costs little next to the dot product itself.
 */
const topValue = new Float64Array(LABEL_COUNT * TOP_REASONS);
const topAt = new Int32Array(LABEL_COUNT * TOP_REASONS);

function offer(options: { vector: FeatureVector; label: number; value: number; at: number }): void {
  const { vector, label, value, at } = options;
  const base = label * TOP_REASONS;
  const bucket = vector.indices[at];
  for (let k = 0; k < TOP_REASONS; k++) {
    // A repeated n-gram is one reason, not several.
    if (topAt[base + k]! >= 0 && vector.indices[topAt[base + k]!] === bucket) return;
  }
  let k = TOP_REASONS - 1;
  while (k > 0 && value > topValue[base + k - 1]!) {
    topValue[base + k] = topValue[base + k - 1]!;
    topAt[base + k] = topAt[base + k - 1]!;
    k--;
  }
  topValue[base + k] = value;
  topAt[base + k] = at;
}

/** Raw logits of `vector` into `out` (bias included; signals, priors and temperature not); fills the top lists. */
function accumulate(model: RouterModel, vector: FeatureVector, out: Float64Array): void {
  const { weights, weightScale } = model;
  const { indices, values } = vector;
  topValue.fill(0);
  topAt.fill(-1);
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  for (let i = 0; i < vector.length; i++) {
    const row = indices[i]! * LABEL_COUNT;
    const value = values[i]!;
    const c0 = weights[row]! * value;
    const c1 = weights[row + 1]! * value;
    const c2 = weights[row + 2]! * value;
    const c3 = weights[row + 3]! * value;
    l0 += c0;
    l1 += c1;
    l2 += c2;
    l3 += c3;
    if (c0 > topValue[TOP_REASONS - 1]!) offer({ vector, label: 0, value: c0, at: i });
    if (c1 > topValue[2 * TOP_REASONS - 1]!) offer({ vector, label: 1, value: c1, at: i });
    if (c2 > topValue[3 * TOP_REASONS - 1]!) offer({ vector, label: 2, value: c2, at: i });
    if (c3 > topValue[4 * TOP_REASONS - 1]!) offer({ vector, label: 3, value: c3, at: i });
  }
  out[0] = l0 * weightScale + model.bias[0]!;
  out[1] = l1 * weightScale + model.bias[1]!;
  out[2] = l2 * weightScale + model.bias[2]!;
  out[3] = l3 * weightScale + model.bias[3]!;
}

/** Raw (untempered) logits of `vector`, bias included, written into `out`. */
export function modelLogits(model: RouterModel, vector: FeatureVector, out: Float64Array): void {
  accumulate(model, vector, out);
}

/** Adds prior-mode signal offsets to `logits`; returns the reasons they give. */
function addSignalPriors(model: RouterModel, signals: readonly SignalHit[], logits: Float64Array): Contribution[][] {
  const reasons: Contribution[][] = INTENT_LABELS.map(() => []);
  if (model.signalMode !== 'prior') return reasons;
  for (const hit of signals) {
    const offset = model.signalPriors[hit.signal.id] ?? 0;
    if (offset === 0) continue;
    const label = INTENT_LABELS.indexOf(hit.signal.label);
    logits[label] = (logits[label] ?? 0) + offset;
    reasons[label]?.push({ value: offset, name: `signal ${hit.signal.id} "${hit.match}"` });
  }
  return reasons;
}

function formatContribution(contribution: Contribution, temperature: number): string {
  return `${contribution.name} +${(contribution.value / temperature).toFixed(2)}`;
}

export interface ScoreOptions {
  /** The year the query is asked in (for the near-term-year signal); default: the current UTC year. */
  referenceYear?: number;
  priors?: readonly LogitPrior[];
}

interface Analysis {
  vector: FeatureVector;
  logits: Float64Array;
  extra: Contribution[][];
}

const usedPriorsCache = new WeakMap<RouterModel, ReadonlySet<string>>();

/** The signals a prior-mode model gives a non-zero offset: the only ones worth scanning for. */
function usedPriors(model: RouterModel): ReadonlySet<string> {
  let used = usedPriorsCache.get(model);
  if (!used) {
    used = new Set(Object.keys(model.signalPriors).filter((id) => (model.signalPriors[id] ?? 0) !== 0));
    usedPriorsCache.set(model, used);
  }
  return used;
}

function analyse(model: RouterModel, text: string, options: ScoreOptions): Analysis {
  const year = options.referenceYear ?? new Date().getUTCFullYear();
  const signals =
    model.signalMode === 'none'
      ? []
      : detectSignals(text, year, model.signalMode === 'prior' ? usedPriors(model) : undefined);
  const vector = extractFeatures(text, model.features, model.signalMode === 'features' ? signals : []);
  const logits = new Float64Array(LABEL_COUNT);
  accumulate(model, vector, logits);
  const extra = addSignalPriors(model, signals, logits);
  for (const prior of options.priors ?? []) {
    const label = INTENT_LABELS.indexOf(prior.label);
    logits[label] = (logits[label] ?? 0) + prior.logit;
    extra[label]?.push({ value: prior.logit, name: prior.reason });
  }
  return { vector, logits, extra };
}

/** Logits of `text` after signals and priors, before temperature; what the trainer evaluates and calibrates. */
export function textLogits(model: RouterModel, text: string, options: ScoreOptions = {}): Float64Array {
  return analyse(model, text, options).logits;
}

/** Reasons for `label`: its top features and any extra contributions (signal priors, corrections). */
function reasonsFor(options: {
  model: RouterModel;
  vector: FeatureVector;
  extra: Contribution[];
  label: number;
}): string[] {
  const { model, vector, label } = options;
  const found: Contribution[] = [...options.extra];
  for (let slot = label * TOP_REASONS; slot < (label + 1) * TOP_REASONS; slot++) {
    const at = topAt[slot]!;
    if (at >= 0) found.push({ value: topValue[slot]! * model.weightScale, name: featureName(vector, at) });
  }
  if (options.extra.length > 0) found.sort((a, b) => b.value - a.value);
  const reasons: string[] = [];
  for (let k = 0; k < found.length && k < TOP_REASONS; k++)
    reasons.push(formatContribution(found[k]!, model.temperature));
  return reasons;
}

export function scoreWithModel(model: RouterModel, text: string, options: ScoreOptions = {}): IntentScores {
  const { vector, logits, extra } = analyse(model, text, options);
  const temperature = model.temperature;
  let max = -Infinity;
  for (let k = 0; k < LABEL_COUNT; k++) max = Math.max(max, logits[k]!);
  let total = 0;
  for (let k = 0; k < LABEL_COUNT; k++) {
    logits[k] = Math.exp((logits[k]! - max) / temperature);
    total += logits[k]!;
  }
  const probabilities = {} as Record<IntentLabel, number>;
  INTENT_LABELS.forEach((label, index) => (probabilities[label] = logits[index]! / total));
  const reasons = {} as Record<IntentLabel, string[]>;
  INTENT_LABELS.forEach(
    (label, index) => (reasons[label] = reasonsFor({ model, vector, extra: extra[index] ?? [], label: index })),
  );
  return { probabilities, reasons };
}
