import { describe, expect, it } from 'vitest';
import type { FeatureConfig } from './features.js';
import { INTENT_LABELS } from './labels.js';
import { decodeRouterModel, encodeSparseWeights, scoreWithModel, textLogits } from './model.js';
import type { RouterModel, RouterModelFile } from './model.js';

const features: FeatureConfig = {
  dims: 1024,
  charMin: 3,
  charMax: 5,
  wordWeight: 1,
  charWeight: 0.5,
  lexiconWeight: 1,
  signalWeight: 1,
  maxChars: 512,
  maxTokens: 256,
};

function file(dense: Int8Array, overrides: Partial<RouterModelFile> = {}): RouterModelFile {
  return {
    format: 'payready-router/1',
    labels: [...INTENT_LABELS],
    features,
    signalMode: 'features',
    signalPriors: {},
    temperature: 1,
    bias: [0, 0, 0, 0],
    weightScale: 0.1,
    ...encodeSparseWeights(dense, 4),
    training: {},
    ...overrides,
  };
}

describe('model file', () => {
  it('sparse weights round-trip, including negatives and long gaps', () => {
    const dense = new Int8Array(features.dims * 4);
    dense.set([127, -128, 0, 5], 0);
    dense.set([-1, 0, 0, 0], 4 * 300);
    dense.set([0, 0, 0, 9], 4 * 1023);
    const model = decodeRouterModel(file(dense));
    expect([...model.weights]).toEqual([...dense]);
  });

  it('rejects other formats, labels or corrupt weights', () => {
    const dense = new Int8Array(features.dims * 4).fill(1);
    expect(() => decodeRouterModel(file(dense, { format: 'x' as 'payready-router/1' }))).toThrow(/format/);
    expect(() => decodeRouterModel(file(dense, { labels: ['codex', 'claude', 'web', 'agno'] }))).toThrow(/labels/);
    const good = file(dense);
    expect(() => decodeRouterModel({ ...good, weights: good.weights.slice(0, 8) })).toThrow(/corrupt|truncated/);
  });
});

describe('scoreWithModel', () => {
  const model: RouterModel = {
    features,
    signalMode: 'none',
    signalPriors: {},
    temperature: 2,
    bias: Float64Array.of(0.5, 0, 0, -0.5),
    weights: new Float32Array(features.dims * 4),
    weightScale: 1,
  };

  it('with zero weights returns softmax(bias / T) and no feature reasons', () => {
    const scores = scoreWithModel(model, 'anything at all');
    const z = [0.25, 0, 0, -0.25].map(Math.exp);
    const total = z.reduce((a, b) => a + b, 0);
    INTENT_LABELS.forEach((label, k) => expect(scores.probabilities[label]).toBeCloseTo(z[k]! / total, 12));
    for (const label of INTENT_LABELS) expect(scores.reasons[label]).toEqual([]);
  });

  it('adds external priors to the logits and names them in the reasons', () => {
    const priors = [{ label: 'web' as const, logit: 4, reason: 'your correction (same query)' }];
    expect(textLogits(model, 'x', { priors })[2]).toBeCloseTo(4, 12);
    const scores = scoreWithModel(model, 'x', { priors });
    expect(scores.reasons.web).toEqual(['your correction (same query) +2.00']);
  });

  it('prior-mode signals add their fitted offset to their label', () => {
    const prior: RouterModel = { ...model, signalMode: 'prior', signalPriors: { diff: 3 } };
    const logits = textLogits(prior, 'diff --git a/x b/x\n@@ -1 +1 @@\n-a\n+b');
    expect(logits[1]! - logits[0]!).toBeCloseTo(3 - 0.5, 12);
    expect(scoreWithModel(prior, 'diff --git a/x b/x').reasons.codex[0]).toMatch(/^signal diff "diff --git" \+1\.50$/);
  });
});
