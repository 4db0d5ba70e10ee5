import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toFixed2 } from './fixed2.js';

describe('toFixed2', () => {
  it('is Number.prototype.toFixed(2), ties and edge cases included', () => {
    for (const x of [0, -0, 0.005, 0.015, 1.005, 2.675, 9.995, 99.995, 0.995, 1e-7, 123456789.125, 1e15, 1e21, -1.5])
      expect(toFixed2(x)).toBe(x.toFixed(2));
    for (const x of [NaN, Infinity, -Infinity]) expect(toFixed2(x)).toBe(x.toFixed(2));
    // Every third decimal up to 50, and every exact-looking half cent: the values near a rounding tie.
    const mismatches: number[] = [];
    for (let k = 0; k < 50_000; k++)
      for (const x of [k / 1000, (k + 0.5) / 100]) if (toFixed2(x) !== x.toFixed(2)) mismatches.push(x);
    expect(mismatches).toEqual([]);
  });

  it('agrees on arbitrary doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        expect(toFixed2(x)).toBe(x.toFixed(2));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20, noNaN: true }), (x) => {
        expect(toFixed2(x)).toBe(x.toFixed(2));
      }),
      { numRuns: 20_000 },
    );
  });
});
