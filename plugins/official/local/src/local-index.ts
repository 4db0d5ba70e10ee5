import { join } from 'node:path';
import type MiniSearch from 'minisearch';
import type { AgentLogger } from '@payready/agent-contract';
import { nameHash } from '@payready/shared';
import { readIndexFile, writeIndexFile } from './index-file.js';
import type { IndexFile, Manifest } from './index-file.js';
import { DEFAULT_MAX_FILES, listKbFiles } from './kb-files.js';
import type { KbFileStat, KbRoot } from './kb-files.js';
import { buildRouteData } from './route-data.js';
import { RouteIndex } from './route-index.js';
import { RouteMatcher } from './route-matcher.js';
import { isCurrent } from './index-freshness.js';
import { INDEX_FORMAT } from './text-terms.js';
import type { IndexedPassage } from './text-terms.js';
import type * as SyncIndex from './sync-index.js';

// minisearch (~80 KB) and the indexing code load only to search or re-index: `payready route` with an
// unchanged index scores from the route data alone. Kept once loaded: import() resolves again on every call.
let index: Promise<typeof SyncIndex> | undefined;
const indexing = () => (index ??= import('./sync-index.js'));

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
  roots: KbRoot[];
  cachePath: string;
  stats: LocalIndexStats;
  /** canHandle's matcher over the inverted map; replaced if the index has to be rebuilt after all. */
  route: RouteMatcher;
  /** The minisearch index, parsed from the file on first use: execute needs it, canHandle does not. */
  search(): Promise<MiniSearch<IndexedPassage>>;
}

export interface OpenLocalIndexOptions {
  roots: KbRoot[];
  cacheDir: string;
  logger?: AgentLogger;
  maxFiles?: number;
}

export function indexCachePath(cacheDir: string, roots: readonly KbRoot[]): string {
  return join(cacheDir, 'local-index', `${nameHash(JSON.stringify(roots))}.json`);
}

/**
 * Loads the persisted index for `roots`, brings it up to date with the files on disk, and saves it if it changed.
 * With nothing changed — the usual run — only the header is parsed and minisearch waits for index.search().
 */
export async function openLocalIndex(options: OpenLocalIndexOptions): Promise<LocalIndex> {
  const { roots, logger } = options;
  const cachePath = indexCachePath(options.cacheDir, roots);
  const listing = listKbFiles(roots, options.maxFiles ?? DEFAULT_MAX_FILES);
  const read = readIndexFile(cachePath, logger);
  // The file name is a hash of the roots; a file for other roots (a collision) is treated as absent.
  const file = read && JSON.stringify(read.header.roots) === JSON.stringify(roots) ? read : undefined;
  const current = file !== undefined && isCurrent(file.header.manifest, listing.files);
  // Only an index that is up to date keeps its route data; any other gets new route data from minisearch's part.
  const route = current ? loadRoute(file, { cachePath, logger }) : undefined;
  const base: IndexBase = {
    roots,
    cachePath,
    logger,
    files: listing.files,
    stats: {
      files: listing.files.size,
      passages: route?.passageCount ?? 0,
      chunkedFiles: 0,
      removedFiles: 0,
      source: 'cache',
      corrupt: read === null || (current && !route),
      truncated: listing.truncated,
    },
  };
  const index = file && route ? unchangedIndex({ base, file, route }) : await updatedIndex({ base, file });
  logger?.debug('local index ready', { ...index.stats, cachePath });
  return index;
}

interface IndexBase {
  roots: KbRoot[];
  cachePath: string;
  logger: AgentLogger | undefined;
  files: ReadonlyMap<string, KbFileStat>;
  stats: LocalIndexStats;
}

/** The persisted index as it is: the route index now, minisearch when first searched. */
function unchangedIndex(options: { base: IndexBase; file: IndexFile; route: RouteIndex }): LocalIndex {
  const { base } = options;
  // Keep the bytes, not the parsed header: its route data is decoded already.
  const { body } = options.file;
  let search: MiniSearch<IndexedPassage> | undefined;
  const index: LocalIndex = {
    roots: base.roots,
    cachePath: base.cachePath,
    stats: base.stats,
    route: new RouteMatcher(options.route),
    async search() {
      if (search) return search;
      const { emptySearch, loadSearch, syncWithDisk } = await indexing();
      search ??= loadSearch(body, base);
      if (!search) {
        // The header was fine but minisearch's part is not: rebuild both, and the route data with them.
        const manifest: Manifest = {};
        search = emptySearch();
        syncWithDisk({ search, manifest, files: base.files });
        index.route = new RouteMatcher(saveIndex({ ...base, search, manifest }));
      }
      return search;
    },
  };
  return index;
}

/** The persisted index brought up to date (or built from nothing), saved with its new route data. */
async function updatedIndex(options: { base: IndexBase; file: IndexFile | undefined }): Promise<LocalIndex> {
  const { base, file } = options;
  const { search, manifest, reloaded, ...changes } = await (await indexing()).syncIndex({ ...base, file });
  const route = new RouteMatcher(saveIndex({ ...base, search, manifest }));
  const corrupt = base.stats.corrupt || (file !== undefined && !reloaded);
  const stats = { ...base.stats, ...changes, passages: search.documentCount, corrupt };
  return {
    roots: base.roots,
    cachePath: base.cachePath,
    stats: { ...stats, source: reloaded ? 'cache' : 'fresh' },
    route,
    search: () => Promise.resolve(search),
  };
}

function loadRoute(
  file: IndexFile,
  options: { cachePath: string; logger: AgentLogger | undefined },
): RouteIndex | undefined {
  try {
    return new RouteIndex(file.header.route);
  } catch (error) {
    options.logger?.debug('local index unusable, rebuilding', { cachePath: options.cachePath, error: String(error) });
    return undefined;
  }
}

/** Persists the index with its route data (derived from the same serialised form) and returns the route index. */
function saveIndex(options: {
  search: MiniSearch<IndexedPassage>;
  manifest: Manifest;
  roots: KbRoot[];
  cachePath: string;
  logger: AgentLogger | undefined;
}): RouteIndex {
  const plain = options.search.toJSON();
  const route = buildRouteData(plain);
  const header = { format: INDEX_FORMAT, roots: options.roots, manifest: options.manifest, route };
  writeIndexFile({ cachePath: options.cachePath, header, search: plain, logger: options.logger });
  return new RouteIndex(route);
}
