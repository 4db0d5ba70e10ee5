import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHome, repoRoot, runCli, type TempHome } from '../test-utils/src/index.js';

// `payready ask|route` run dist/hot/main.cjs with V8's code cache in $XDG_CACHE_HOME/payready/v8
// (apps/cli/src/code-cache/). The cache must never change an answer, and no state of it may break a run.
let home: TempHome;
beforeEach(() => {
  home = createTempHome();
});
afterEach(() => home.cleanup());

const v8Dir = () => join(home.cacheDir, 'v8');
const caches = () => readdirSync(v8Dir()).filter((name) => name.endsWith('.v8'));
const markers = () => readdirSync(v8Dir()).filter((name) => name.endsWith('.v8.seen'));
const query = ['route', 'write', 'a', 'python', 'function', 'that', 'reverses', 'a', 'list'];

describe('the hot path with V8 code cache (built CLI)', () => {
  it('writes one private cache per command on the second run and gives the same answers with it', async () => {
    const first = await runCli(query, { env: home.env });
    expect(first.code).toBe(0);
    // The first run in a new home also parses the config and indexes the docs: it leaves only a marker.
    expect(caches()).toEqual([]);
    expect(markers()).toHaveLength(1);
    expect((await runCli(query, { env: home.env })).stdout).toBe(first.stdout);
    expect(markers()).toEqual([]);
    expect(caches()).toEqual([expect.stringMatching(/^main\.cjs-v\d+\.\d+\.\d+-\w+-\d+-\d+-route\.v8$/)]);
    const file = join(v8Dir(), caches()[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(v8Dir()).mode & 0o777).toBe(0o700);
    const written = statSync(file).mtimeMs;

    const second = await runCli(query, { env: home.env });
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: first.stderr });
    // Accepted, so not rewritten.
    expect(statSync(file).mtimeMs).toBe(written);

    for (let run = 0; run < 2; run++) {
      expect((await runCli(['ask', '--json', 'what are the exit codes?'], { env: home.env })).code).toBe(0);
    }
    expect(caches().map((name) => name.replace(/.*-/, ''))).toEqual(['ask.v8', 'route.v8']);
  });

  it('imports community plugins and vendor modules on runs that use the cache', async () => {
    // Node 20 loses import() in code restored from a code cache; the bundle routes it through the host.
    const env = { ...home.env, PAYREADY_PLUGINS__PATHS: `[${join(repoRoot, 'tests/fixtures/plugins/counting.mjs')}]` };
    for (let run = 0; run < 3; run++) {
      const result = await runCli(['ask', '-q', '--no-cache', '--agent', 'counter', 'review this diff'], { env });
      expect(result).toMatchObject({ code: 0, stdout: 'counted: review this diff\n', stderr: '' });
    }
  });

  it('a corrupt cache is rejected by V8 and rewritten; the answer is unchanged', async () => {
    await runCli(query, { env: home.env });
    const clean = await runCli(query, { env: home.env });
    const file = join(v8Dir(), caches()[0]!);
    writeFileSync(file, Buffer.alloc(4096, 0x5a));
    const run = await runCli(query, { env: home.env });
    expect(run).toMatchObject({ code: 0, stdout: clean.stdout, stderr: clean.stderr });
    expect(readFileSync(file).subarray(0, 64).equals(Buffer.alloc(64, 0x5a))).toBe(false);
  });

  it('a cache directory that cannot be created costs nothing but the cache', async () => {
    rmSync(v8Dir(), { recursive: true, force: true });
    mkdirSync(home.cacheDir, { recursive: true });
    writeFileSync(v8Dir(), 'not a directory');
    const run = await runCli(query, { env: home.env });
    expect(run).toMatchObject({ code: 0, stdout: 'local\n' });
    expect(run.stderr).toBe('');
  });
});
