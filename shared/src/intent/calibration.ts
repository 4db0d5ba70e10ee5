/**
 * Temperature scaling (Guo et al., 2017): one scalar T divides every logit, fitted by minimising the
 * negative log-likelihood of held-out predictions. It changes confidence, never the argmax.
 */

/** Softmax of `logits / temperature`, numerically stable. */
export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] ?? 0);
  const exps: number[] = [];
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(((logits[i] ?? 0) - max) / temperature);
    exps.push(e);
    total += e;
  }
  return exps.map((e) => e / total);
}

/** Mean negative log-likelihood of the gold classes under temperature `temperature`. */
export function negativeLogLikelihood(
  logits: readonly ArrayLike<number>[],
  gold: readonly number[],
  temperature: number,
): number {
  let sum = 0;
  logits.forEach((row, i) => {
    const p = softmax(row, temperature)[gold[i] ?? 0] ?? 0;
    sum -= Math.log(Math.max(p, 1e-12));
  });
  return logits.length === 0 ? 0 : sum / logits.length;
}

/** The temperature in [0.05, 20] minimising NLL; golden-section search on log T (NLL is unimodal there). */
export function fitTemperature(logits: readonly ArrayLike<number>[], gold: readonly number[]): number {
  if (logits.length === 0) return 1;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(0.05);
  let high = Math.log(20);
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let fa = negativeLogLikelihood(logits, gold, Math.exp(a));
  let fb = negativeLogLikelihood(logits, gold, Math.exp(b));
  while (high - low > 1e-4) {
    if (fa < fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - ratio * (high - low);
      fa = negativeLogLikelihood(logits, gold, Math.exp(a));
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + ratio * (high - low);
      fb = negativeLogLikelihood(logits, gold, Math.exp(b));
    }
  }
  return Math.exp((low + high) / 2);
}

/**
 * Expected calibration error: predictions binned by confidence (the top probability) into `bins` equal-width
 * bins; the size-weighted mean of |accuracy − mean confidence| per bin. A confidence of exactly 1 goes in the
 * last bin.
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 15,
): number {
  if (confidences.length === 0) return 0;
  const count = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  const confidenceSum = new Array<number>(bins).fill(0);
  confidences.forEach((confidence, i) => {
    const bin = Math.min(bins - 1, Math.floor(confidence * bins));
    count[bin]! += 1;
    confidenceSum[bin]! += confidence;
    if (correct[i]) hits[bin]! += 1;
  });
  let ece = 0;
  for (let bin = 0; bin < bins; bin++) {
    const n = count[bin]!;
    if (n > 0) ece += (n / confidences.length) * Math.abs(hits[bin]! / n - confidenceSum[bin]! / n);
  }
  return ece;
}
