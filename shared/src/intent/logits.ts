import type { FeatureVector } from './features.js';
import { INTENT_LABELS } from './labels.js';

/**
 * The model's dot product: raw logits of a feature vector, and on the way the features that contributed most
 * to each label (the reasons). This loop is most of a decision's arithmetic, hence the care below; any change
 * here must keep every logit bit-identical (intent-golden.test.ts checks the whole dev set).
 */
export const LABEL_COUNT = INTENT_LABELS.length;
export const TOP_REASONS = 3;

export interface LinearWeights {
  /** dims × labels, row-major. */
  weights: Int8Array | Float32Array;
  weightScale: number;
  bias: Float64Array;
}

/**
 * The `TOP_REASONS` largest positive contributions per label (unscaled `weight × value`, and the feature's
 * position in the vector), as flat scratch arrays, label-major; valid until the next `accumulate`.
 */
export const topValue = new Float64Array(LABEL_COUNT * TOP_REASONS);
export const topAt = new Int32Array(LABEL_COUNT * TOP_REASONS);

/** Enters feature `at` in `label`'s top list; returns the list's new smallest value (the bar to enter it). */
function offer(indices: Int32Array, label: number, value: number, at: number): number {
  const base = label * TOP_REASONS;
  const last = base + TOP_REASONS - 1;
  const bucket = indices[at];
  for (let k = 0; k < TOP_REASONS; k++) {
    // A repeated n-gram is one reason, not several.
    if (topAt[base + k]! >= 0 && indices[topAt[base + k]!] === bucket) return topValue[last]!;
  }
  let k = TOP_REASONS - 1;
  while (k > 0 && value > topValue[base + k - 1]!) {
    topValue[base + k] = topValue[base + k - 1]!;
    topAt[base + k] = topAt[base + k - 1]!;
    k--;
  }
  topValue[base + k] = value;
  topAt[base + k] = at;
  return topValue[last]!;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const rowWords = new WeakMap<Int8Array, Int32Array | null>();

/**
 * int8 weights as one int32 word per row (four labels: one load per feature instead of four), or null where
 * that view is impossible (unaligned, or a big-endian machine, whose byte order the unpacking assumes).
 */
function wordsOf(weights: Int8Array): Int32Array | null {
  let words = rowWords.get(weights);
  if (words === undefined) {
    const usable = LITTLE_ENDIAN && LABEL_COUNT === 4 && weights.byteOffset % 4 === 0 && weights.length % 4 === 0;
    words = usable ? new Int32Array(weights.buffer, weights.byteOffset, weights.length / 4) : null;
    rowWords.set(weights, words);
  }
  return words;
}

/**
 * Raw logits of `vector` into `out` (bias included); fills the top lists. Contributions are summed in vector
 * order, as products of a weight and a value, in both loops, so the two give identical bits.
 */
export function accumulate(model: LinearWeights, vector: FeatureVector, out: Float64Array): void {
  topValue.fill(0);
  topAt.fill(-1);
  const words = model.weights instanceof Int8Array ? wordsOf(model.weights) : null;
  if (words) accumulateWords(words, vector, out);
  else accumulateAny(model.weights, vector, out);
  for (let k = 0; k < LABEL_COUNT; k++) out[k] = out[k]! * model.weightScale + model.bias[k]!;
}

let gathered = new Int32Array(1024);

function accumulateWords(words: Int32Array, vector: FeatureVector, out: Float64Array): void {
  const { indices, values } = vector;
  if (gathered.length < vector.length) gathered = new Int32Array(vector.length * 2);
  const rows = gathered;
  // The weight loads first, in a loop of their own: they are cache misses (random rows of a 256 KB table),
  // and with nothing else in the loop the CPU overlaps many of them instead of waiting for each in turn.
  for (let i = 0; i < vector.length; i++) rows[i] = words[indices[i]!]!;
  // Each label's bar to enter its top list, kept in registers (a contribution must exceed it; it starts at 0,
  // so only positive contributions are reasons).
  let bar0 = 0;
  let bar1 = 0;
  let bar2 = 0;
  let bar3 = 0;
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  for (let i = 0; i < vector.length; i++) {
    const row = rows[i]!;
    // Most buckets are unused: a zero row adds +0 to every sum and beats no bar, so skipping it is exact.
    if (row === 0) continue;
    const value = values[i]!;
    const c0 = ((row << 24) >> 24) * value;
    const c1 = ((row << 16) >> 24) * value;
    const c2 = ((row << 8) >> 24) * value;
    const c3 = (row >> 24) * value;
    l0 += c0;
    l1 += c1;
    l2 += c2;
    l3 += c3;
    if (c0 > bar0) bar0 = offer(indices, 0, c0, i);
    if (c1 > bar1) bar1 = offer(indices, 1, c1, i);
    if (c2 > bar2) bar2 = offer(indices, 2, c2, i);
    if (c3 > bar3) bar3 = offer(indices, 3, c3, i);
  }
  out[0] = l0;
  out[1] = l1;
  out[2] = l2;
  out[3] = l3;
}

/** Any weights (the trainer's float models): the plain loop. */
function accumulateAny(weights: Int8Array | Float32Array, vector: FeatureVector, out: Float64Array): void {
  const { indices, values } = vector;
  out.fill(0, 0, LABEL_COUNT);
  for (let i = 0; i < vector.length; i++) {
    const row = indices[i]! * LABEL_COUNT;
    const value = values[i]!;
    for (let k = 0; k < LABEL_COUNT; k++) {
      const contribution = weights[row + k]! * value;
      out[k] = out[k]! + contribution;
      if (contribution > topValue[k * TOP_REASONS + TOP_REASONS - 1]!) offer(indices, k, contribution, i);
    }
  }
}
