import { extractFeatures, featureName } from './features.js';
import type { FeatureConfig, FeatureVector } from './features.js';
import { INTENT_LABELS } from './labels.js';
import { toFixed2 } from './fixed2.js';
import { accumulate, LABEL_COUNT, TOP_REASONS, topAt, topValue } from './logits.js';
import type { IntentLabel, IntentScores } from './labels.js';
import { detectSignals } from './signals.js';
import type { SignalHit } from './signals.js';

/** `features`: signals are model features with learned weights; `prior`: fixed, fitted logit offsets. */
export type SignalMode = 'features' | 'prior' | 'none';

/**
 * The on-disk model, written by `scripts/train-router/train.mjs`: this header (`model/router-model.json`) and
 * the dense weights in a file of their own next to it (`weightsFile`). Dense and binary, so loading is one read
 * and a typed-array view, with no decoding in a process whose JIT has compiled nothing yet.
 */
export interface RouterModelFile {
  format: 'payready-router/2';
  labels: string[];
  features: FeatureConfig;
  signalMode: SignalMode;
  /** Logit offset added to a signal's label when it fires (prior mode only). */
  signalPriors: Record<string, number>;
  temperature: number;
  bias: number[];
  /** Weights are int8 times this scale. */
  weightScale: number;
  /** The file (a name in the header's directory) of the weights: features.dims × labels int8, bucket-major. */
  weightsFile: string;
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

/** The model from its header and the bytes of its weights file. */
export function decodeRouterModel(file: RouterModelFile, weightBytes: Uint8Array): RouterModel {
  if (file.format !== 'payready-router/2') throw new Error(`unknown router model format ${String(file.format)}`);
  if (file.labels.join() !== INTENT_LABELS.join()) throw new Error(`router model labels ${file.labels.join()}`);
  const expected = file.features.dims * INTENT_LABELS.length;
  if (weightBytes.length !== expected) {
    throw new Error(`router model weights: ${weightBytes.length} bytes, expected ${expected} (truncated or corrupt)`);
  }
  // Scoring reads a bucket's four labels as one int32 (logits.ts), so the view must be 4-byte aligned.
  const weights =
    weightBytes.byteOffset % 4 === 0
      ? new Int8Array(weightBytes.buffer, weightBytes.byteOffset, weightBytes.length)
      : new Int8Array(weightBytes);
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

interface Contribution {
  value: number;
  name: string;
}

/** Raw (untempered) logits of `vector`, bias included, written into `out`. */
export function modelLogits(model: RouterModel, vector: FeatureVector, out: Float64Array): void {
  accumulate(model, vector, out);
}

/** Contributions from outside the feature vector (signal priors, corrections), per label; usually none. */
type Extra = (Contribution[] | undefined)[] | undefined;

function addExtra(extra: Extra, label: number, contribution: Contribution): Extra {
  const lists = extra ?? [];
  (lists[label] ??= []).push(contribution);
  return lists;
}

/** Adds prior-mode signal offsets to `logits`; returns the reasons they give. */
function addSignalPriors(model: RouterModel, signals: readonly SignalHit[], logits: Float64Array): Extra {
  let extra: Extra;
  if (model.signalMode !== 'prior') return extra;
  for (const hit of signals) {
    const offset = model.signalPriors[hit.signal.id] ?? 0;
    if (offset === 0) continue;
    const label = INTENT_LABELS.indexOf(hit.signal.label);
    logits[label] = (logits[label] ?? 0) + offset;
    extra = addExtra(extra, label, { value: offset, name: `signal ${hit.signal.id} "${hit.match}"` });
  }
  return extra;
}

function formatContribution(name: string, value: number, temperature: number): string {
  return `${name} +${toFixed2(value / temperature)}`;
}

export interface ScoreOptions {
  /** The year the query is asked in (for the near-term-year signal); default: the current UTC year. */
  referenceYear?: number;
  priors?: readonly LogitPrior[];
}

interface Analysis {
  vector: FeatureVector;
  logits: Float64Array;
  extra: Extra;
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

const NO_SIGNALS: readonly SignalHit[] = [];

function analyse(model: RouterModel, text: string, options: ScoreOptions, logits: Float64Array): Analysis {
  const year = options.referenceYear ?? new Date().getUTCFullYear();
  const signals =
    model.signalMode === 'none'
      ? NO_SIGNALS
      : detectSignals(text, year, model.signalMode === 'prior' ? usedPriors(model) : undefined);
  const vector = extractFeatures(text, model.features, model.signalMode === 'features' ? signals : NO_SIGNALS);
  accumulate(model, vector, logits);
  let extra = addSignalPriors(model, signals, logits);
  for (const prior of options.priors ?? []) {
    const label = INTENT_LABELS.indexOf(prior.label);
    logits[label] = (logits[label] ?? 0) + prior.logit;
    if (label >= 0) extra = addExtra(extra, label, { value: prior.logit, name: prior.reason });
  }
  return { vector, logits, extra };
}

/** Logits of `text` after signals and priors, before temperature; what the trainer evaluates and calibrates. */
export function textLogits(model: RouterModel, text: string, options: ScoreOptions = {}): Float64Array {
  return analyse(model, text, options, new Float64Array(LABEL_COUNT)).logits;
}

/** Reasons for `label`: its top features and any extra contributions (signal priors, corrections). */
function reasonsFor(
  model: RouterModel,
  vector: FeatureVector,
  extra: readonly Contribution[],
  label: number,
): string[] {
  const reasons: string[] = [];
  if (extra.length === 0) {
    // The usual case: the top list is already best first.
    for (let slot = label * TOP_REASONS; slot < (label + 1) * TOP_REASONS; slot++) {
      const at = topAt[slot]!;
      if (at >= 0)
        reasons.push(
          formatContribution(featureName(vector, at), topValue[slot]! * model.weightScale, model.temperature),
        );
    }
    return reasons;
  }
  const found: Contribution[] = [...extra];
  for (let slot = label * TOP_REASONS; slot < (label + 1) * TOP_REASONS; slot++) {
    const at = topAt[slot]!;
    if (at >= 0) found.push({ value: topValue[slot]! * model.weightScale, name: featureName(vector, at) });
  }
  found.sort((a, b) => b.value - a.value);
  for (let k = 0; k < found.length && k < TOP_REASONS; k++)
    reasons.push(formatContribution(found[k]!.name, found[k]!.value, model.temperature));
  return reasons;
}

const NO_CONTRIBUTIONS: readonly Contribution[] = [];
/** A decision's logits, then its softmax: one scratch array, as decisions are synchronous. */
const scratchLogits = new Float64Array(LABEL_COUNT);

export function scoreWithModel(model: RouterModel, text: string, options: ScoreOptions = {}): IntentScores {
  const { vector, logits, extra } = analyse(model, text, options, scratchLogits);
  const temperature = model.temperature;
  let max = -Infinity;
  for (let k = 0; k < LABEL_COUNT; k++) max = Math.max(max, logits[k]!);
  let total = 0;
  for (let k = 0; k < LABEL_COUNT; k++) {
    logits[k] = Math.exp((logits[k]! - max) / temperature);
    total += logits[k]!;
  }
  const probabilities = {} as Record<IntentLabel, number>;
  const reasons = {} as Record<IntentLabel, string[]>;
  for (let k = 0; k < LABEL_COUNT; k++) {
    const label = INTENT_LABELS[k]!;
    probabilities[label] = logits[k]! / total;
    reasons[label] = reasonsFor(model, vector, extra?.[k] ?? NO_CONTRIBUTIONS, k);
  }
  return { probabilities, reasons };
}
