import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileConfig } from './compile-config.js';
import type * as CompileModule from './compile-config.js';
import { configFixture, problemsOf, type ConfigFixture } from './config-test-fixture.js';
import { loadConfig } from './load-config.js';

// Counts real compilations (YAML parse + zod validation); a cache hit must not make one.
vi.mock('./compile-config.js', async (importOriginal) => {
  const original = await importOriginal<typeof CompileModule>();
  return { ...original, compileConfig: vi.fn(original.compileConfig) };
});
const compiles = vi.mocked(compileConfig);

let fx: ConfigFixture;
let cacheDir: string;
beforeEach(() => {
  fx = configFixture();
  cacheDir = join(fx.root, 'cache');
  compiles.mockClear();
});
afterEach(() => fx.remove());

const entries = (): string[] => readdirSync(cacheDir).filter((name) => name.startsWith('config-'));

/** Rewrites the single cache entry so a hit is recognisable by its app.name. */
function tamper(): void {
  const [name] = entries();
  const path = join(cacheDir, name!);
  const entry = JSON.parse(readFileSync(path, 'utf8')) as { config: { app: { name: string } } };
  entry.config.app.name = 'FROM-CACHE';
  writeFileSync(path, JSON.stringify(entry));
}

describe('compiled-config cache', () => {
  it('misses, writes an entry, then hits without compiling', async () => {
    fx.write('project/.payready.yaml', 'app:\n  name: Project\n');
    const first = await loadConfig(fx.options({ compiledCacheDir: cacheDir }));
    expect(first.config.app.name).toBe('Project');
    expect(compiles).toHaveBeenCalledTimes(1);
    expect(entries()).toHaveLength(1);
    tamper();
    const second = await loadConfig(fx.options({ compiledCacheDir: cacheDir }));
    expect(second.config.app.name).toBe('FROM-CACHE');
    expect(second.origins['app.name']).toEqual(first.origins['app.name']);
    expect(second.files).toEqual(first.files);
    expect(compiles).toHaveBeenCalledTimes(1);
  });

  it('misses when a file mtime changes, even with the same content', async () => {
    const file = fx.write('project/.payready.yaml', 'app:\n  name: Project\n');
    await loadConfig(fx.options({ compiledCacheDir: cacheDir }));
    tamper();
    utimesSync(file, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await loadConfig(fx.options({ compiledCacheDir: cacheDir }))).config.app.name).toBe('Project');
    expect(compiles).toHaveBeenCalledTimes(2);
  });

  it('misses when an extends target changes', async () => {
    const shared = fx.write('shared/team.yaml', 'app:\n  name: Team\n');
    fx.write('project/.payready.yaml', 'extends: ../shared/team.yaml\n');
    await loadConfig(fx.options({ compiledCacheDir: cacheDir }));
    tamper();
    writeFileSync(shared, 'app:\n  name: Team 2\n');
    utimesSync(shared, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await loadConfig(fx.options({ compiledCacheDir: cacheDir }))).config.app.name).toBe('Team 2');
  });

  it('misses when an absent candidate appears (a nearer .payready.yaml)', async () => {
    fx.write('project/.payready.yaml', 'app:\n  name: Project\n');
    await loadConfig(fx.options({ compiledCacheDir: cacheDir }));
    fx.write('project/src/.payready.yaml', 'app:\n  name: Nearer\n');
    expect((await loadConfig(fx.options({ compiledCacheDir: cacheDir }))).config.app.name).toBe('Nearer');
  });

  it('keys on PAYREADY_* variables and overrides', async () => {
    const options = fx.options({ compiledCacheDir: cacheDir });
    await loadConfig(options);
    const env = await loadConfig({ ...options, env: { ...options.env, PAYREADY_APP__NAME: 'Env' } });
    expect(env.config.app.name).toBe('Env');
    const flag = await loadConfig({ ...options, overrides: { 'app.name': { value: 'Flag', source: '--name' } } });
    expect(flag.config.app.name).toBe('Flag');
    expect(compiles).toHaveBeenCalledTimes(3);
    expect(entries()).toHaveLength(3);
  });

  it('ignores a corrupt entry and rewrites it', async () => {
    await loadConfig(fx.options({ compiledCacheDir: cacheDir }));
    const path = join(cacheDir, entries()[0]!);
    for (const garbage of ['{"format": 1, "config": tru', '{"format": 1}', 'null']) {
      writeFileSync(path, garbage);
      expect((await loadConfig(fx.options({ compiledCacheDir: cacheDir }))).config.app.name).toBe('Base');
      expect(() => JSON.parse(readFileSync(path, 'utf8')) as unknown).not.toThrow();
    }
    expect(compiles).toHaveBeenCalledTimes(4);
  });

  it('keeps only the newest few entries and never caches an invalid config', async () => {
    for (let index = 0; index < 7; index++) {
      await loadConfig(
        fx.options({ compiledCacheDir: cacheDir, overrides: { 'app.name': { value: `n${index}`, source: '--n' } } }),
      );
    }
    expect(entries().length).toBeLessThanOrEqual(4);
    const bad = fx.options({
      compiledCacheDir: cacheDir,
      overrides: { 'app.debug': { value: 'x', source: '--debug' } },
    });
    await problemsOf(loadConfig(bad));
    await problemsOf(loadConfig(bad));
    expect(compiles).toHaveBeenCalledTimes(9);
  });
});
