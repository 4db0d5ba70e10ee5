import { describe, expect, it } from 'vitest';
import { nameHash } from './name-hash.js';

describe('nameHash', () => {
  it('is 28 lowercase hex digits, stable across calls', () => {
    expect(nameHash('a')).toMatch(/^[0-9a-f]{28}$/);
    expect(nameHash('config input')).toBe(nameHash('config input'));
  });

  it('keeps the digits of earlier releases (files named by it stay found)', () => {
    expect(nameHash('')).toBe('10c329583afc3b0dc0cfa5aed872');
    expect(nameHash('config input')).toBe('00c2cc802d833b13938d87735773');
    expect(nameHash('héllo \ud800 wörld')).toBe('06494e31a760dd09693faec15deb');
  });

  it('tells apart inputs that differ in one character, in order, or only in length', () => {
    const inputs = ['', 'a', 'b', 'ab', 'ba', 'a\u0000', 'é', 'e\u0301', 'x'.repeat(1000), `${'x'.repeat(999)}y`];
    expect(new Set(inputs.map(nameHash)).size).toBe(inputs.length);
  });

  it('spreads 20,000 similar inputs over distinct names', () => {
    const names = new Set<string>();
    for (let index = 0; index < 20_000; index++) names.add(nameHash(`/home/user/project-${index}/.payready.yaml`));
    expect(names.size).toBe(20_000);
  });
});
