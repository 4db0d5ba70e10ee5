import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import type { AsPlainObject } from 'minisearch';
import { writeFileAtomic } from '@payready/shared';
import type { AgentLogger } from '@payready/agent-contract';
import { chunkPassages } from './chunk-passages.js';
import { DEFAULT_MAX_FILES, listKbFiles, readKbText } from './kb-files.js';
import type { KbFileStat, KbRoot } from './kb-files.js';
import { INDEX_FORMAT, MINISEARCH_OPTIONS } from './text-terms.js';
import type { IndexedPassage } from './text-terms.js';

/** Per file: what it looked like when chunked, and how many passages (ids `path#0..chunks-1`) it gave. */
type Manifest = Record<string, KbFileStat & { chunks: number }>;

interface PersistedIndex {
  format: number;
  roots: KbRoot[];
  manifest: Manifest;
  index: AsPlainObject;
}

export interface LocalIndexStats {
  files: number;
  passages: number;
  /** Files read and chunked in this run (new or changed). */
  chunkedFiles: number;
  /** Files dropped from the index (deleted, changed, or gone from the roots). */
  removedFiles: number;
  /** 'cache' when a persisted index was loaded, 'fresh' when built from nothing. */
  source: 'cache' | 'fresh';
  /** The persisted file existed but could not be used. */
  corrupt: boolean;
  truncated: boolean;
}

export interface LocalIndex {
  search: MiniSearch<IndexedPassage>;
  roots: KbRoot[];
  cachePath: string;
  stats: LocalIndexStats;
}

export interface OpenLocalIndexOptions {
  roots: KbRoot[];
  cacheDir: string;
  logger?: AgentLogger;
  maxFiles?: number;
}

export function indexCachePath(cacheDir: string, roots: readonly KbRoot[]): string {
  const key = createHash('sha256').update(JSON.stringify(roots)).digest('hex');
  return join(cacheDir, 'local-index', `${key}.json`);
}

/** Loads the persisted index for `roots`, brings it up to date with the files on disk, and saves it if it changed. */
export async function openLocalIndex(options: OpenLocalIndexOptions): Promise<LocalIndex> {
  const { roots, logger } = options;
  const cachePath = indexCachePath(options.cacheDir, roots);
  const listing = listKbFiles(roots, options.maxFiles ?? DEFAULT_MAX_FILES);
  const loaded = loadPersisted(cachePath, logger);
  let search = loaded?.search ?? new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
  let manifest: Manifest = loaded?.manifest ?? {};
  let changes: { removedFiles: number; chunkedFiles: number };
  try {
    changes = syncWithDisk({ search, manifest, files: listing.files });
  } catch (error) {
    // A manifest that disagrees with its index (duplicate or unknown ids): start over rather than guess.
    logger?.debug('local index inconsistent, rebuilding', { cachePath, error: String(error) });
    search = new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
    manifest = {};
    changes = syncWithDisk({ search, manifest, files: listing.files });
  }
  const { removedFiles, chunkedFiles } = changes;

  if (!loaded || removedFiles > 0 || chunkedFiles > 0) {
    // Vacuuming walks the whole index, so a few discarded passages stay as dirt (search skips them, and
    // toJSON keeps the count) until they are a fifth of it. batchSize Infinity: one pass, no timer pauses.
    if (search.dirtCount > 0 && search.dirtFactor >= 0.2) await search.vacuum({ batchSize: Number.POSITIVE_INFINITY });
    persist({ cachePath, data: { format: INDEX_FORMAT, roots, manifest, index: search.toJSON() }, logger });
  }
  const stats: LocalIndexStats = {
    files: listing.files.size,
    passages: search.documentCount,
    chunkedFiles,
    removedFiles,
    source: loaded ? 'cache' : 'fresh',
    corrupt: loaded === null,
    truncated: listing.truncated,
  };
  logger?.debug('local index ready', { ...stats, cachePath });
  return { search, roots, cachePath, stats };
}

/** Drops files that changed or vanished, then chunks and adds the new and changed ones. Mutates both. */
function syncWithDisk(options: {
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

/** undefined: no persisted index; null: one that is unreadable or of another format (rebuilt). */
function loadPersisted(
  cachePath: string,
  logger: AgentLogger | undefined,
): { search: MiniSearch<IndexedPassage>; manifest: Manifest } | undefined | null {
  let raw: string;
  try {
    raw = readFileSync(cachePath, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const data = JSON.parse(raw) as Partial<PersistedIndex>;
    if (data.format !== INDEX_FORMAT || typeof data.manifest !== 'object' || !data.manifest || !data.index) {
      throw new Error(`unexpected index format ${String(data.format)}`);
    }
    return { search: MiniSearch.loadJS(data.index, MINISEARCH_OPTIONS), manifest: data.manifest };
  } catch (error) {
    logger?.debug('local index unusable, rebuilding', { cachePath, error: String(error) });
    return null;
  }
}

function persist(options: { cachePath: string; data: PersistedIndex; logger: AgentLogger | undefined }): void {
  try {
    writeFileAtomic(options.cachePath, JSON.stringify(options.data));
  } catch (error) {
    // A read-only or full cache dir costs only speed: the index in memory is complete.
    options.logger?.warn('could not save the local index', { cachePath: options.cachePath, error: String(error) });
  }
}
