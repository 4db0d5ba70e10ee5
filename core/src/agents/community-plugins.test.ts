import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTRACT_VERSION } from '@payready/agent-contract';
import { resolveCommunityPlugins } from './community-plugins.js';
import { pluginShapeProblem } from './validate-plugin.js';

describe('resolveCommunityPlugins', () => {
  it('resolves files, directories (package.json exports, then index.mjs) relative to the base dir', () => {
    const base = mkdtempSync(join(tmpdir(), 'plugins-'));
    writeFileSync(join(base, 'one.mjs'), '');
    mkdirSync(join(base, 'pkg'));
    writeFileSync(join(base, 'pkg', 'package.json'), JSON.stringify({ exports: { '.': './main.mjs' } }));
    mkdirSync(join(base, 'bare'));
    writeFileSync(join(base, 'bare', 'index.mjs'), '');
    const sources = resolveCommunityPlugins({
      paths: ['one.mjs', './pkg', join(base, 'bare')],
      packages: [],
      baseDir: base,
    });
    expect(sources.map((source) => source.url)).toEqual([
      pathToFileURL(join(base, 'one.mjs')).href,
      pathToFileURL(join(base, 'pkg', 'main.mjs')).href,
      pathToFileURL(join(base, 'bare', 'index.mjs')).href,
    ]);
  });

  it('a missing path or package is a usage error naming it', () => {
    const base = mkdtempSync(join(tmpdir(), 'plugins-'));
    expect(() => resolveCommunityPlugins({ paths: ['nope'], packages: [], baseDir: base })).toThrow(
      /plugin path does not exist: .*nope/,
    );
    expect(() => resolveCommunityPlugins({ paths: [], packages: ['payready-plugin-missing'], baseDir: base })).toThrow(
      /plugin package not found: payready-plugin-missing/,
    );
  });
});

describe('pluginShapeProblem', () => {
  const valid = {
    contractVersion: CONTRACT_VERSION,
    name: 'ok',
    canHandle: () => 0,
    available: () => ({ ok: true }),
    execute: () => [],
  };
  it('accepts a valid plugin and names what is wrong with an invalid one', () => {
    expect(pluginShapeProblem(valid)).toBeUndefined();
    expect(pluginShapeProblem(null)).toMatch(/non-object/);
    expect(pluginShapeProblem({ ...valid, name: 'Bad Name' })).toMatch(/lower-case identifier/);
    expect(pluginShapeProblem({ ...valid, contractVersion: 2 })).toMatch(/contract v2/);
    expect(pluginShapeProblem({ ...valid, execute: undefined })).toMatch(/no execute\(\)/);
  });
});
