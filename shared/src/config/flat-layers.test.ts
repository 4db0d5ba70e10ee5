import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { envKeyPath, envLayer, parseEnvValue } from './flat-layers.js';
import { mergeLayers, type Layer } from './layer.js';

describe('envKeyPath', () => {
  it('splits on double underscores and lowercases', () => {
    expect(envKeyPath('PAYREADY_ROUTING__CONFIDENCE_THRESHOLD')).toEqual(['routing', 'confidence_threshold']);
    expect(envKeyPath('PAYREADY_CACHE__REDIS__CONNECT_TIMEOUT_MS')).toEqual(['cache', 'redis', 'connect_timeout_ms']);
  });

  it('names no path for the reserved variables, names without __, or empty levels', () => {
    for (const name of [
      'PAYREADY_ENV',
      'PAYREADY_CONFIG_DIR',
      'PAYREADY_ENCRYPTION_KEY',
      'PAYREADY_DEBUG',
      'PAYREADY__X',
      'PAYREADY_A____B',
      'HOME',
    ]) {
      expect(envKeyPath(name)).toBeUndefined();
    }
  });
});

describe('parseEnvValue', () => {
  it.each([
    ['0.7', 0.7],
    ['3', 3],
    ['true', true],
    ['false', false],
    ['[a, b]', ['a', 'b']],
    ['{x: 1}', { x: 1 }],
    ['8s', '8s'],
    ['2.0.0', '2.0.0'],
    ['Acme: AI', 'Acme: AI'],
    ['- a', '- a'],
    ['[unclosed', '[unclosed'],
    ['"quoted"', 'quoted'],
  ])('%s → %j', (raw, expected) => {
    expect(parseEnvValue(raw)).toEqual(expected);
  });
});

describe('envLayer', () => {
  it('builds nested values with one origin per variable', () => {
    const layer = envLayer({ PAYREADY_APP__DEBUG: 'true', PAYREADY_APP__NAME: 'x', PATH: '/bin' });
    expect(layer.value).toEqual({ app: { debug: true, name: 'x' } });
    expect(layer.origins.get('app.debug')).toEqual({ source: 'env:PAYREADY_APP__DEBUG' });
  });
});

describe('mergeLayers', () => {
  const layerOf = (value: Record<string, unknown>): Layer => ({ value, origins: new Map() });
  const tree = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
    node: fc.dictionary(
      fc.constantFrom('a', 'b', 'c'),
      fc.oneof({ depthSize: 'small' }, fc.integer(), fc.array(fc.integer(), { maxLength: 2 }), tie('node')),
      { maxKeys: 3 },
    ),
  })).node;

  /** Every leaf path (arrays are leaves) of a tree, with its value. */
  const leaves = (value: unknown, path = ''): Map<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return new Map([[path, value]]);
    return new Map(Object.entries(value).flatMap(([key, child]) => [...leaves(child, path ? `${path}.${key}` : key)]));
  };

  it('gives every leaf of the upper layer its value and leaves the inputs untouched', () => {
    fc.assert(
      fc.property(tree, tree, (lower, upper) => {
        const before = structuredClone(lower);
        const merged = mergeLayers([layerOf(lower), layerOf(upper)]).value;
        const mergedLeaves = leaves(merged);
        for (const [path, value] of leaves(upper)) expect(mergedLeaves.get(path)).toEqual(value);
        expect(lower).toEqual(before);
      }),
    );
  });

  it('is the identity for an empty upper layer', () => {
    fc.assert(
      fc.property(tree, (lower) => {
        expect(mergeLayers([layerOf(lower), layerOf({})]).value).toEqual(lower);
      }),
    );
  });
});
