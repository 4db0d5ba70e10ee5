import { describe, expect, it } from 'vitest';
import type { FeatureConfig } from './features.js';
import { INTENT_LABELS } from './labels.js';
import { decodeRouterModel, scoreWithModel, textLogits } from './model.js';
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

function file(overrides: Partial<RouterModelFile> = {}): RouterModelFile {
  return {
    format: 'payready-router/2',
    labels: [...INTENT_LABELS],
    features,
    signalMode: 'features',
    signalPriors: {},
    temperature: 1,
    bias: [0, 0, 0, 0],
    weightScale: 0.1,
    weightsFile: 'model.weights',
    training: {},
    ...overrides,
  };
}

describe('model file', () => {
  const bytes = (dense: Int8Array) => new Uint8Array(dense.buffer, dense.byteOffset, dense.byteLength);

  it('the weights are the file bytes as int8, negatives included, aligned for int32 reads', () => {
    const dense = new Int8Array(features.dims * 4);
    dense.set([127, -128, 0, 5], 0);
    dense.set([-1, 0, 0, 0], 4 * 300);
    dense.set([0, 0, 0, 9], 4 * 1023);
    expect([...decodeRouterModel(file(), bytes(dense)).weights]).toEqual([...dense]);
    // A view at an odd offset (a pooled Buffer) is copied, so logits.ts can read rows as int32 words.
    const shifted = new Uint8Array(dense.length + 1);
    shifted.set(bytes(dense), 1);
    const model = decodeRouterModel(file(), shifted.subarray(1));
    expect(model.weights.byteOffset % 4).toBe(0);
    expect([...model.weights]).toEqual([...dense]);
  });

  it('rejects other formats, labels, or weights of the wrong size', () => {
    const dense = bytes(new Int8Array(features.dims * 4).fill(1));
    expect(() => decodeRouterModel(file({ format: 'x' as 'payready-router/2' }), dense)).toThrow(/format/);
    expect(() => decodeRouterModel(file({ labels: ['codex', 'claude', 'web', 'agno'] }), dense)).toThrow(/labels/);
    expect(() => decodeRouterModel(file(), dense.subarray(0, 8))).toThrow(/8 bytes, expected 4096/);
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
