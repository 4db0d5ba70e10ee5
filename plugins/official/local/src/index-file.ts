import { readFileSync } from 'node:fs';
import type { AsPlainObject } from 'minisearch';
import { writeFileAtomic } from '@payready/shared';
import type { AgentLogger } from '@payready/agent-contract';
import type { KbFileStat, KbRoot } from './kb-files.js';
import type { RouteData } from './route-data.js';
import { INDEX_FORMAT } from './text-terms.js';

/** Per file: what it looked like when chunked, and how many passages (ids `path#0..chunks-1`) it gave. */
export type Manifest = Record<string, KbFileStat & { chunks: number }>;

export interface IndexFileHeader {
  format: number;
  roots: KbRoot[];
  manifest: Manifest;
  route: RouteData;
}

/** A persisted index: the header, parsed, and minisearch's part, left as bytes until something searches. */
export interface IndexFile {
  header: IndexFileHeader;
  body: Buffer;
}

/**
 * Two lines: the header JSON (manifest and route data), then minisearch's JSON (JSON.stringify never emits a
 * raw newline). A run whose files are unchanged reads the header only — canHandle needs nothing else — and
 * most runs never search, so parsing minisearch's part, the bulk of the file, is left to execute.
 */
export function writeIndexFile(options: {
  cachePath: string;
  header: IndexFileHeader;
  search: AsPlainObject;
  logger: AgentLogger | undefined;
}): void {
  try {
    writeFileAtomic(options.cachePath, `${JSON.stringify(options.header)}\n${JSON.stringify(options.search)}`);
  } catch (error) {
    // A read-only or full cache dir costs only speed: the index in memory is complete.
    options.logger?.warn('could not save the local index', { cachePath: options.cachePath, error: String(error) });
  }
}

/** undefined: no persisted index; null: one that is unreadable or of another format (rebuilt). */
export function readIndexFile(cachePath: string, logger: AgentLogger | undefined): IndexFile | undefined | null {
  let raw: Buffer;
  try {
    raw = readFileSync(cachePath);
  } catch {
    return undefined;
  }
  try {
    const newline = raw.indexOf(0x0a);
    if (newline < 0) throw new Error('no index after the header');
    const header = JSON.parse(raw.toString('utf8', 0, newline)) as Partial<IndexFileHeader> | null;
    if (header?.format !== INDEX_FORMAT) throw new Error(`unexpected index format ${String(header?.format)}`);
    if (typeof header.manifest !== 'object' || !header.manifest || typeof header.route !== 'object' || !header.route) {
      throw new Error('manifest or route data missing');
    }
    return { header: header as IndexFileHeader, body: raw.subarray(newline + 1) };
  } catch (error) {
    logger?.debug('local index unusable, rebuilding', { cachePath, error: String(error) });
    return null;
  }
}

/** minisearch's part of the file; throws when it is not JSON. */
export function parseIndexBody(body: Buffer): AsPlainObject {
  return JSON.parse(body.toString('utf8')) as AsPlainObject;
}
