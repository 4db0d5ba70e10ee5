import MiniSearch from 'minisearch';
import type { AgentLogger } from '@payready/agent-contract';
import { chunkPassages } from './chunk-passages.js';
import { parseIndexBody } from './index-file.js';
import type { IndexFile, Manifest } from './index-file.js';
import { readKbText } from './kb-files.js';
import type { KbFileStat } from './kb-files.js';
import { MINISEARCH_OPTIONS } from './text-terms.js';
import type { IndexedPassage } from './text-terms.js';

export interface SyncedIndex {
  search: MiniSearch<IndexedPassage>;
  manifest: Manifest;
  /** Files dropped from the index (deleted, changed, or gone from the roots). */
  removedFiles: number;
  /** Files read and chunked (new or changed). */
  chunkedFiles: number;
  /** The persisted minisearch index was usable (else this one was built from nothing). */
  reloaded: boolean;
}

/** A new, empty minisearch index with the plugin's options. */
export function emptySearch(): MiniSearch<IndexedPassage> {
  return new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
}

/** The persisted index (or a new one) brought up to date with the files on disk, vacuumed when dirty enough. */
export async function syncIndex(options: {
  file: IndexFile | undefined;
  files: ReadonlyMap<string, KbFileStat>;
  cachePath: string;
  logger: AgentLogger | undefined;
}): Promise<SyncedIndex> {
  const { file, files, cachePath, logger } = options;
  const loaded = file ? loadSearch(file.body, options) : undefined;
  let search = loaded ?? emptySearch();
  let manifest: Manifest = loaded ? file!.header.manifest : {};
  let changes: { removedFiles: number; chunkedFiles: number };
  try {
    changes = syncWithDisk({ search, manifest, files });
  } catch (error) {
    // A manifest that disagrees with its index (duplicate or unknown ids): start over rather than guess.
    logger?.debug('local index inconsistent, rebuilding', { cachePath, error: String(error) });
    search = emptySearch();
    manifest = {};
    changes = syncWithDisk({ search, manifest, files });
  }
  // Vacuuming walks the whole index, so a few discarded passages stay as dirt (search skips them, and
  // toJSON keeps the count) until they are a fifth of it. batchSize Infinity: one pass, no timer pauses.
  if (search.dirtCount > 0 && search.dirtFactor >= 0.2) await search.vacuum({ batchSize: Number.POSITIVE_INFINITY });
  return { search, manifest, ...changes, reloaded: loaded !== undefined };
}

/** minisearch from the file's second part, or undefined (logged) when that part is unusable. */
export function loadSearch(
  body: Buffer,
  options: { cachePath: string; logger: AgentLogger | undefined },
): MiniSearch<IndexedPassage> | undefined {
  try {
    return MiniSearch.loadJS(parseIndexBody(body), MINISEARCH_OPTIONS);
  } catch (error) {
    options.logger?.debug('local index unusable, rebuilding', { cachePath: options.cachePath, error: String(error) });
    return undefined;
  }
}

/** Drops files that changed or vanished, then chunks and adds the new and changed ones. Mutates both. */
export function syncWithDisk(options: {
  search: MiniSearch<IndexedPassage>;
  manifest: Manifest;
  files: ReadonlyMap<string, KbFileStat>;
}): { removedFiles: number; chunkedFiles: number } {
  const { search, manifest, files } = options;
  let removedFiles = 0;
  let chunkedFiles = 0;
  for (const [path, entry] of Object.entries(manifest)) {
    const now = files.get(path);
    if (now && now.mtimeMs === entry.mtimeMs && now.size === entry.size) continue;
    for (let i = 0; i < entry.chunks; i++) search.discard(`${path}#${i}`);
    delete manifest[path];
    removedFiles++;
  }
  for (const [path, stat] of files) {
    if (manifest[path]) continue;
    const text = readKbText(path);
    const passages = text === undefined ? [] : chunkPassages(text);
    search.addAll(passages.map((passage, i) => ({ id: `${path}#${i}`, path, ...passage })));
    manifest[path] = { ...stat, chunks: passages.length };
    chunkedFiles++;
  }
  return { removedFiles, chunkedFiles };
}
