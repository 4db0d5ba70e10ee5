/**
 * Multinomial logistic regression on sparse hashed features, L2-regularised, fitted with L-BFGS. The
 * objective is convex, so the result depends only on the data and λ (no seed, no learning-rate schedule).
 */
export interface SparseExample {
  indices: Int32Array;
  values: Float32Array;
  label: number;
  weight: number;
}

export interface TrainOptions {
  classes: number;
  dims: number;
  /** L2 strength on the weights (not on the biases). */
  lambda: number;
  /** Buckets used by fewer training examples get no weight: they can only memorise single items. */
  minCount?: number;
  maxIterations?: number;
}

export interface LinearModel {
  /** dims × classes, row-major by bucket; each row and the bias are centred (sum 0), which leaves softmax unchanged. */
  weights: Float32Array;
  bias: Float64Array;
  iterations: number;
  loss: number;
}

/** Training set in CSR form over compact feature ids 0..F-1 (only buckets used by ≥ `minCount` examples). */
interface Compact {
  offsets: Int32Array;
  ids: Int32Array;
  values: Float64Array;
  labels: Int32Array;
  weights: Float64Array;
  buckets: Int32Array;
}

function compact(examples: readonly SparseExample[], options: { dims: number; minCount: number }): Compact {
  const seen = new Int32Array(options.dims);
  const stamp = new Int32Array(options.dims).fill(-1);
  examples.forEach((example, n) => {
    for (const bucket of example.indices) {
      if (stamp[bucket] !== n) {
        stamp[bucket] = n;
        seen[bucket]! += 1;
      }
    }
  });
  const idOf = new Int32Array(options.dims).fill(-1);
  const buckets: number[] = [];
  for (let bucket = 0; bucket < options.dims; bucket++) {
    if (seen[bucket]! >= options.minCount) {
      idOf[bucket] = buckets.length;
      buckets.push(bucket);
    }
  }
  const offsets = new Int32Array(examples.length + 1);
  const ids: number[] = [];
  const values: number[] = [];
  examples.forEach((example, n) => {
    example.indices.forEach((bucket, j) => {
      if (idOf[bucket] !== -1) {
        ids.push(idOf[bucket]!);
        values.push(example.values[j]!);
      }
    });
    offsets[n + 1] = ids.length;
  });
  return {
    offsets,
    ids: Int32Array.from(ids),
    values: Float64Array.from(values),
    labels: Int32Array.from(examples.map((e) => e.label)),
    weights: Float64Array.from(examples.map((e) => e.weight)),
    buckets: Int32Array.from(buckets),
  };
}

function objective(
  data: Compact & { classes: number; lambda: number },
  theta: Float64Array,
  gradient: Float64Array,
): number {
  const { offsets, ids, values, labels, weights, classes, lambda } = data;
  const biasAt = theta.length - classes;
  let totalWeight = 0;
  for (let n = 0; n < weights.length; n++) totalWeight += weights[n]!;
  gradient.fill(0);
  let loss = 0;
  const logits = new Float64Array(classes);
  const residuals = new Float64Array(classes);
  for (let n = 0; n < labels.length; n++) {
    const from = offsets[n]!;
    const to = offsets[n + 1]!;
    for (let k = 0; k < classes; k++) logits[k] = theta[biasAt + k]!;
    for (let j = from; j < to; j++) {
      const row = ids[j]! * classes;
      const value = values[j]!;
      for (let k = 0; k < classes; k++) logits[k]! += theta[row + k]! * value;
    }
    let max = -Infinity;
    for (let k = 0; k < classes; k++) if (logits[k]! > max) max = logits[k]!;
    let total = 0;
    for (let k = 0; k < classes; k++) {
      logits[k] = Math.exp(logits[k]! - max);
      total += logits[k]!;
    }
    const label = labels[n]!;
    const scale = weights[n]! / totalWeight;
    loss -= scale * Math.log(Math.max(logits[label]! / total, 1e-300));
    for (let k = 0; k < classes; k++) {
      residuals[k] = scale * (logits[k]! / total - (k === label ? 1 : 0));
      gradient[biasAt + k]! += residuals[k]!;
    }
    // Feature-major so each weight row is fetched once (the rows are contiguous; memory, not arithmetic, is the cost).
    for (let j = from; j < to; j++) {
      const row = ids[j]! * classes;
      const value = values[j]!;
      for (let k = 0; k < classes; k++) gradient[row + k]! += residuals[k]! * value;
    }
  }
  for (let i = 0; i < biasAt; i++) {
    loss += 0.5 * lambda * theta[i]! * theta[i]!;
    gradient[i]! += lambda * theta[i]!;
  }
  return loss;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Two-loop recursion: the L-BFGS search direction −H·g from the last `history` steps. */
function direction(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas: number[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const rho = 1 / dot(changes[i]!, steps[i]!);
    const alpha = rho * dot(steps[i]!, q);
    alphas[i] = alpha;
    for (let j = 0; j < q.length; j++) q[j]! -= alpha * changes[i]![j]!;
  }
  const last = steps.length - 1;
  const gamma = last >= 0 ? dot(steps[last]!, changes[last]!) / dot(changes[last]!, changes[last]!) : 1;
  for (let j = 0; j < q.length; j++) q[j]! *= gamma;
  for (let i = 0; i < steps.length; i++) {
    const rho = 1 / dot(changes[i]!, steps[i]!);
    const beta = rho * dot(changes[i]!, q);
    for (let j = 0; j < q.length; j++) q[j]! += steps[i]![j]! * (alphas[i]! - beta);
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j]!;
  return q;
}

export function trainLogisticRegression(examples: readonly SparseExample[], options: TrainOptions): LinearModel {
  const { classes, lambda } = options;
  const data = { ...compact(examples, { dims: options.dims, minCount: options.minCount ?? 2 }), classes, lambda };
  const buckets = data.buckets;
  const size = buckets.length * classes + classes;
  let theta = new Float64Array(size);
  let gradient = new Float64Array(size);
  let loss = objective(data, theta, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  let iterations = 0;
  let evaluations = 1;
  for (; iterations < (options.maxIterations ?? 100); iterations++) {
    const d = direction(gradient, steps, changes);
    let slope = dot(gradient, d);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      steps.length = 0;
      changes.length = 0;
      for (let j = 0; j < size; j++) d[j] = -gradient[j]!;
      slope = dot(gradient, d);
    }
    let step = iterations === 0 ? 1 / Math.sqrt(dot(gradient, gradient)) : 1;
    const next = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < size; j++) next[j] = theta[j]! + step * d[j]!;
      nextLoss = objective(data, next, nextGradient);
      evaluations++;
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = next[j]! - theta[j]!;
      y[j] = nextGradient[j]! - gradient[j]!;
    }
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > 8) {
        steps.shift();
        changes.shift();
      }
    }
    const improvement = loss - nextLoss;
    theta = next;
    gradient = nextGradient;
    loss = nextLoss;
    if (improvement >= 0 && improvement < 1e-9 * Math.max(1, Math.abs(loss))) break;
    if (Math.sqrt(dot(gradient, gradient)) < 1e-6) break;
  }
  if (process.env.TRAIN_ROUTER_DEBUG)
    process.stderr.write(`  lbfgs: ${buckets.length} features, ${evaluations} evaluations\n`);
  return expand({ theta, buckets, classes, dims: options.dims, iterations, loss });
}

function expand(fit: {
  theta: Float64Array;
  buckets: Int32Array;
  classes: number;
  dims: number;
  iterations: number;
  loss: number;
}): LinearModel {
  const { theta, buckets, classes } = fit;
  const weights = new Float32Array(fit.dims * classes);
  buckets.forEach((bucket, id) => {
    let mean = 0;
    for (let k = 0; k < classes; k++) mean += theta[id * classes + k]! / classes;
    for (let k = 0; k < classes; k++) weights[bucket * classes + k] = theta[id * classes + k]! - mean;
  });
  const biasAt = theta.length - classes;
  let biasMean = 0;
  for (let k = 0; k < classes; k++) biasMean += theta[biasAt + k]! / classes;
  const bias = new Float64Array(classes);
  for (let k = 0; k < classes; k++) bias[k] = theta[biasAt + k]! - biasMean;
  return { weights, bias, iterations: fit.iterations, loss: fit.loss };
}
