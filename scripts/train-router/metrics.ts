import { expectedCalibrationError, softmax } from '../../shared/src/intent/calibration.js';
import { INTENT_LABELS } from '../../shared/src/intent/labels.js';
import type { Example } from './dataset.js';

/** Accuracy and ECE of `logits` (scaled by per-item temperatures) over the items in `indices`. */
export function summarise(
  logits: readonly Float64Array[],
  options: { examples: readonly Example[]; indices: readonly number[]; temperatures?: readonly number[] },
): { count: number; accuracy: number; ece: number } {
  const confidences: number[] = [];
  const correct: boolean[] = [];
  for (const i of options.indices) {
    const probabilities = softmax(logits[i]!, options.temperatures?.[i] ?? 1);
    let best = 0;
    for (let k = 1; k < probabilities.length; k++) if (probabilities[k]! > probabilities[best]!) best = k;
    confidences.push(probabilities[best]!);
    correct.push(INTENT_LABELS[best] === options.examples[i]!.label);
  }
  const hits = correct.filter(Boolean).length;
  return {
    count: options.indices.length,
    accuracy: options.indices.length === 0 ? 0 : hits / options.indices.length,
    ece: expectedCalibrationError(confidences, correct, 15),
  };
}

/** confusion[gold][predicted] over `indices`. */
export function confusion(
  logits: readonly Float64Array[],
  examples: readonly Example[],
  indices: readonly number[],
): number[][] {
  const matrix = INTENT_LABELS.map(() => INTENT_LABELS.map(() => 0));
  for (const i of indices) {
    const row = logits[i]!;
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
    matrix[INTENT_LABELS.indexOf(examples[i]!.label)]![best]! += 1;
  }
  return matrix;
}

/** Unweighted mean over labels of per-label F1 (a label never seen nor predicted counts 0). */
export function macroF1(
  logits: readonly Float64Array[],
  examples: readonly Example[],
  indices: readonly number[],
): number {
  const matrix = confusion(logits, examples, indices);
  let sum = 0;
  matrix.forEach((row, k) => {
    const hits = row[k]!;
    const predicted = matrix.reduce((total, other) => total + other[k]!, 0);
    const gold = row.reduce((total, n) => total + n, 0);
    sum += hits === 0 ? 0 : (2 * hits) / (predicted + gold);
  });
  return sum / matrix.length;
}
