import { expectedCalibrationError } from './calibration.js';
import { INTENT_LABELS } from './labels.js';
import type { IntentLabel } from './labels.js';

/** One scored item: its gold label and the router's probabilities. */
export interface ScoredItem {
  gold: IntentLabel;
  probabilities: Readonly<Record<IntentLabel, number>>;
}

export interface LabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Gold items with this label. */
  support: number;
}

export interface RoutingMetrics {
  count: number;
  accuracy: number;
  macroF1: number;
  perLabel: Record<IntentLabel, LabelMetrics>;
  /** confusion[gold][predicted], rows and columns in `INTENT_LABELS` order. */
  confusion: number[][];
  /** 15-bin expected calibration error of the top probability. */
  ece: number;
}

/** The label with the highest probability; ties go to the earlier label in `INTENT_LABELS`. */
export function predictedLabel(probabilities: Readonly<Record<IntentLabel, number>>): IntentLabel {
  let best: IntentLabel = INTENT_LABELS[0];
  for (const label of INTENT_LABELS) {
    if (probabilities[label] > probabilities[best]) best = label;
  }
  return best;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** Accuracy, macro-F1 (unweighted mean over the four labels), per-label P/R/F1, confusion matrix, ECE. */
export function evaluateRouting(items: readonly ScoredItem[]): RoutingMetrics {
  const confusion = INTENT_LABELS.map(() => INTENT_LABELS.map(() => 0));
  const confidences: number[] = [];
  const correct: boolean[] = [];
  for (const item of items) {
    const predicted = predictedLabel(item.probabilities);
    confusion[INTENT_LABELS.indexOf(item.gold)]![INTENT_LABELS.indexOf(predicted)]! += 1;
    confidences.push(item.probabilities[predicted]);
    correct.push(predicted === item.gold);
  }
  const perLabel = {} as Record<IntentLabel, LabelMetrics>;
  INTENT_LABELS.forEach((label, k) => {
    const truePositives = confusion[k]![k]!;
    const predictedCount = confusion.reduce((sum, row) => sum + row[k]!, 0);
    const support = confusion[k]!.reduce((sum, n) => sum + n, 0);
    const precision = ratio(truePositives, predictedCount);
    const recall = ratio(truePositives, support);
    perLabel[label] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const hits = correct.filter(Boolean).length;
  return {
    count: items.length,
    accuracy: ratio(hits, items.length),
    macroF1: INTENT_LABELS.reduce((sum, label) => sum + perLabel[label].f1, 0) / INTENT_LABELS.length,
    perLabel,
    confusion,
    ece: expectedCalibrationError(confidences, correct, 15),
  };
}
