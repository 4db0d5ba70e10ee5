import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, fitTemperature, negativeLogLikelihood, softmax } from './calibration.js';

/** A small deterministic generator (LCG) so the test data are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('softmax', () => {
  it('sums to 1 and is shift-invariant; temperature flattens', () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(softmax([1001, 1002, 1003])).toEqual(p.map((x) => expect.closeTo(x, 12)));
    expect(softmax([0, Math.log(3)])[1]).toBeCloseTo(0.75, 12);
    expect(softmax([0, Math.log(3)], 2)[1]).toBeCloseTo(Math.sqrt(3) / (1 + Math.sqrt(3)), 12);
  });
});

describe('expectedCalibrationError', () => {
  it('matches a hand-computed case', () => {
    // Bin [0.6, 0.667): 0.62, 0.64 -> acc 1/2, conf 0.63, |diff| 0.13, weight 2/4.
    // Bin [0.933, 1]: 0.95, 1.0 -> acc 2/2, conf 0.975, |diff| 0.025, weight 2/4.
    const ece = expectedCalibrationError([0.62, 0.64, 0.95, 1], [true, false, true, true], 15);
    expect(ece).toBeCloseTo(0.5 * 0.13 + 0.5 * 0.025, 12);
  });

  it('is 0 for perfectly calibrated bins and for no items', () => {
    expect(expectedCalibrationError([0.5, 0.5], [true, false])).toBe(0);
    expect(expectedCalibrationError([], [])).toBe(0);
  });
});

describe('fitTemperature', () => {
  it('recovers the temperature that generated the labels', () => {
    const random = seededRandom(7);
    const logits: number[][] = [];
    const gold: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const row = [random() * 6, random() * 6, random() * 6];
      // Labels drawn from softmax(row / 2): a model reporting `row` is over-confident; the best T is 2.
      const p = softmax(row, 2);
      const u = random();
      gold.push(u < p[0]! ? 0 : u < p[0]! + p[1]! ? 1 : 2);
      logits.push(row);
    }
    const t = fitTemperature(logits, gold);
    expect(t).toBeGreaterThan(1.7);
    expect(t).toBeLessThan(2.3);
    expect(negativeLogLikelihood(logits, gold, t)).toBeLessThan(negativeLogLikelihood(logits, gold, 1));
  });

  it('returns 1 with no data', () => {
    expect(fitTemperature([], [])).toBe(1);
  });
});
