import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexInJs } from './sha256-hex.js';

const nodeSha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('the JavaScript path gives node:crypto’s digest for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (data) => {
        expect(sha256HexInJs(data)).toBe(nodeSha256(data));
      }),
      { numRuns: 500 },
    );
  });

  it('matches the published test vectors', () => {
    expect(sha256HexInJs('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256HexInJs('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the same digests before and after it switches to node:crypto', () => {
    const inputs = ['x'.repeat(1000), 'é'.repeat(3000), 'y'.repeat(70_000), 'short'];
    for (const data of inputs) expect(sha256Hex(data)).toBe(nodeSha256(data));
  });
});
