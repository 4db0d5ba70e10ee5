import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KbRoot } from './kb-files.js';
import { indexCachePath, openLocalIndex } from './local-index.js';
import { searchPassages } from './search-passages.js';
import { INDEX_FORMAT } from './text-terms.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'payready-index-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(): { kb: string; cacheDir: string; roots: KbRoot[] } {
  const base = tempDir();
  const kb = join(base, 'kb');
  mkdirSync(kb);
  writeFileSync(join(kb, 'alpha.md'), '# Alpha\n\nThe flux capacitor needs plutonium.\n');
  writeFileSync(join(kb, 'beta.md'), '# Beta\n\nGrind the espresso beans finely.\n');
  writeFileSync(join(kb, 'gamma.txt'), 'Gamma rays come from pulsars.\n');
  return { kb, cacheDir: join(base, 'cache'), roots: [{ kind: 'kb', path: kb }] };
}

async function paths(index: Awaited<ReturnType<typeof openLocalIndex>>, query: string): Promise<string[]> {
  return searchPassages(await index.search(), query).map((hit) => hit.path);
}

/** The index file's two lines: the header (manifest, route data) and minisearch's JSON. */
function readIndexLines(cachePath: string): { header: Record<string, unknown>; body: string } {
  const [header, body, ...rest] = readFileSync(cachePath, 'utf8').split('\n');
  expect(rest).toEqual([]);
  return { header: JSON.parse(header!) as Record<string, unknown>, body: body! };
}

describe('openLocalIndex', () => {
  it('builds, persists under the cache dir, and a second open chunks nothing', async () => {
    const { kb, cacheDir, roots } = setup();
    const first = await openLocalIndex({ roots, cacheDir });
    expect(first.stats).toMatchObject({ files: 3, passages: 3, chunkedFiles: 3, source: 'fresh', corrupt: false });
    expect(first.cachePath).toBe(indexCachePath(cacheDir, roots));
    expect(first.cachePath.startsWith(join(cacheDir, 'local-index'))).toBe(true);
    expect(existsSync(first.cachePath)).toBe(true);

    const before = readFileSync(first.cachePath, 'utf8');
    const second = await openLocalIndex({ roots, cacheDir });
    expect(second.stats).toMatchObject({ files: 3, passages: 3, chunkedFiles: 0, removedFiles: 0, source: 'cache' });
    expect(readFileSync(second.cachePath, 'utf8')).toBe(before);
    expect(await paths(second, 'flux capacitor plutonium')).toEqual([join(kb, 'alpha.md')]);
  });

  it('re-chunks only a modified file, indexes a new one and drops a deleted one', async () => {
    const { kb, cacheDir, roots } = setup();
    await openLocalIndex({ roots, cacheDir });
    writeFileSync(join(kb, 'alpha.md'), '# Alpha\n\nThe time machine runs on garbage now.\n');
    utimesSync(join(kb, 'alpha.md'), new Date(), new Date(Date.now() + 5000));
    rmSync(join(kb, 'beta.md'));
    writeFileSync(join(kb, 'delta.md'), '# Delta\n\nRivers split into deltas near the sea.\n');

    const updated = await openLocalIndex({ roots, cacheDir });
    expect(updated.stats).toMatchObject({ files: 3, passages: 3, chunkedFiles: 2, removedFiles: 2, source: 'cache' });
    expect(await paths(updated, 'plutonium capacitor')).toEqual([]);
    expect(await paths(updated, 'time machine garbage')).toEqual([join(kb, 'alpha.md')]);
    expect(await paths(updated, 'espresso beans')).toEqual([]);
    expect(await paths(updated, 'rivers sea')).toEqual([join(kb, 'delta.md')]);

    const again = await openLocalIndex({ roots, cacheDir });
    expect(again.stats).toMatchObject({ chunkedFiles: 0, removedFiles: 0, passages: 3 });
    expect(await paths(again, 'time machine garbage')).toEqual([join(kb, 'alpha.md')]);
    expect(await paths(again, 'espresso beans')).toEqual([]);
  });

  it('keeps a few discarded passages as dirt across a save and load without finding them', async () => {
    const { kb, cacheDir, roots } = setup();
    for (let i = 0; i < 10; i++) writeFileSync(join(kb, `filler-${i}.md`), `Filler note number ${i}.\n`);
    await openLocalIndex({ roots, cacheDir });
    writeFileSync(join(kb, 'beta.md'), '# Beta\n\nBrew the tea for four minutes instead.\n');
    utimesSync(join(kb, 'beta.md'), new Date(), new Date(Date.now() + 5000));
    const updated = await openLocalIndex({ roots, cacheDir });
    expect((await updated.search()).dirtCount).toBe(1);
    const reloaded = await openLocalIndex({ roots, cacheDir });
    expect(reloaded.stats).toMatchObject({ chunkedFiles: 0, passages: 13 });
    expect(await paths(reloaded, 'espresso beans')).toEqual([]);
    expect(await paths(reloaded, 'brew tea minutes')).toEqual([join(kb, 'beta.md')]);
  });

  it('rebuilds a corrupt or foreign index file', async () => {
    const { cacheDir, roots } = setup();
    const { cachePath } = await openLocalIndex({ roots, cacheDir });
    const { header, body } = readIndexLines(cachePath);
    const badRoute = JSON.stringify({
      ...header,
      route: { terms: 'b a', offsets: 'AAAAAAEAAAA=', postings: '', files: [] },
    });
    const junk = [
      '{"format":1,"manif',
      '{"format":1,"manifest":{},"index":{}}',
      `${JSON.stringify({ ...header, format: 999 })}\n${body}`,
      `${JSON.stringify({ ...header, route: null })}\n${body}`,
      JSON.stringify(header),
      'null',
    ];
    for (const content of junk) {
      writeFileSync(cachePath, content);
      const rebuilt = await openLocalIndex({ roots, cacheDir });
      expect(rebuilt.stats).toMatchObject({ chunkedFiles: 3, passages: 3, source: 'fresh', corrupt: true });
      expect(readIndexLines(cachePath).header).toMatchObject({ format: INDEX_FORMAT });
      expect(rebuilt.route.best('espresso beans')?.path).toMatch(/beta\.md$/);
    }
    // Route data that does not hang together, beside a sound minisearch part: rebuilt from that, no file re-read.
    writeFileSync(cachePath, `${badRoute}\n${body}`);
    const repaired = await openLocalIndex({ roots, cacheDir });
    expect(repaired.stats).toMatchObject({ chunkedFiles: 0, passages: 3, source: 'cache', corrupt: true });
    expect(repaired.route.best('espresso beans')?.path).toMatch(/beta\.md$/);
    expect((await openLocalIndex({ roots, cacheDir })).stats).toMatchObject({ source: 'cache', corrupt: false });
  });

  it('leaves minisearch unparsed while nothing changed, and rebuilds it if it turns out corrupt', async () => {
    const { kb, cacheDir, roots } = setup();
    const { cachePath } = await openLocalIndex({ roots, cacheDir });
    const { header } = readIndexLines(cachePath);
    writeFileSync(cachePath, `${JSON.stringify(header)}\n{"documentCount":`);
    const index = await openLocalIndex({ roots, cacheDir });
    expect(index.stats).toMatchObject({ chunkedFiles: 0, passages: 3, source: 'cache', corrupt: false });
    expect(index.route.best('flux capacitor plutonium')).toMatchObject({ path: join(kb, 'alpha.md'), strength: 1 });
    expect(await paths(index, 'flux capacitor plutonium')).toEqual([join(kb, 'alpha.md')]);
    expect(index.route.best('grind espresso')?.path).toBe(join(kb, 'beta.md'));
    const repaired = readIndexLines(cachePath);
    expect(JSON.parse(repaired.body)).toMatchObject({ documentCount: 3 });
    expect((await openLocalIndex({ roots, cacheDir })).stats).toMatchObject({ chunkedFiles: 0, source: 'cache' });

    // A changed file needs minisearch at open time; a corrupt one is then rebuilt from nothing.
    writeFileSync(cachePath, `${JSON.stringify(repaired.header)}\n[]`);
    writeFileSync(join(kb, 'gamma.txt'), 'Gamma rays come from pulsars and magnetars.\n');
    utimesSync(join(kb, 'gamma.txt'), new Date(), new Date(Date.now() + 5000));
    const rebuilt = await openLocalIndex({ roots, cacheDir });
    expect(rebuilt.stats).toMatchObject({ chunkedFiles: 3, passages: 3, source: 'fresh', corrupt: true });
    expect(rebuilt.route.best('magnetars')?.path).toBe(join(kb, 'gamma.txt'));
  });

  it('rebuilds when the manifest disagrees with the index', async () => {
    const { kb, cacheDir, roots } = setup();
    const { cachePath } = await openLocalIndex({ roots, cacheDir });
    const { header, body } = readIndexLines(cachePath);
    (header.manifest as Record<string, { chunks: number }>)[join(kb, 'alpha.md')]!.chunks = 7;
    writeFileSync(cachePath, `${JSON.stringify(header)}\n${body}`);
    writeFileSync(join(kb, 'alpha.md'), '# Alpha\n\nChanged and longer than before, surely.\n');
    const rebuilt = await openLocalIndex({ roots, cacheDir });
    expect(rebuilt.stats).toMatchObject({ chunkedFiles: 3, passages: 3 });
    expect(rebuilt.route.best('changed and longer')?.path).toBe(join(kb, 'alpha.md'));
  });

  it('keeps one index per root list and works when the cache dir cannot be written', async () => {
    const { kb, cacheDir, roots } = setup();
    const other: KbRoot[] = [...roots, { kind: 'path', path: join(kb, 'gamma.txt') }];
    expect(indexCachePath(cacheDir, other)).not.toBe(indexCachePath(cacheDir, roots));
    writeFileSync(join(kb, '..', 'not-a-dir'), '');
    const index = await openLocalIndex({ roots, cacheDir: join(kb, '..', 'not-a-dir') });
    expect(index.stats.passages).toBe(3);
  });
});
