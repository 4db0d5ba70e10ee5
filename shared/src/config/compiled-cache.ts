import { readFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../paths/atomic-write.js';
import { nameHash } from '../paths/name-hash.js';
import { stampFile } from './config-sources.js';
import type { FileStamp, LoadConfigOptions, LoadedConfig } from './types.js';

/** Bump when the entry layout or the meaning of a compiled config changes. */
const FORMAT = 2;
const KEEP = 4;

interface CacheEntry extends LoadedConfig {
  format: number;
  /** The key the entry was written for: its file name is only a hash of it. */
  key: string;
  /** Every file read, extends targets included, as stamped just before reading it. */
  deps: FileStamp[];
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    node && typeof node === 'object' && !Array.isArray(node)
      ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : node,
  );
}

/**
 * Everything that decides the result short of the extends targets (those are in the entry's deps), as one
 * string: the entry's file is named by its nameHash and holds it, so a hash collision is a miss.
 * PAYREADY_ENCRYPTION_KEY is left out: it never affects the config, and a secret has no business in a
 * file name's preimage.
 */
export function compiledCacheKey(options: LoadConfigOptions, candidates: readonly FileStamp[]): string {
  const env = Object.entries(options.env)
    .filter(
      ([name, value]) => name.startsWith('PAYREADY_') && name !== 'PAYREADY_ENCRYPTION_KEY' && value !== undefined,
    )
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return sortedJson({
    format: FORMAT,
    builtinDir: options.builtinDir,
    candidates,
    env,
    overrides: options.overrides ?? {},
  });
}

function entryPath(dir: string, key: string): string {
  return join(dir, `config-${nameHash(key)}.json`);
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/** The cached result, if present, well-formed and every file it was built from is unchanged. */
export async function readCompiled(dir: string, key: string): Promise<LoadedConfig | undefined> {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(readFileSync(entryPath(dir, key), 'utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
  if (
    entry?.format !== FORMAT ||
    entry.key !== key ||
    !Array.isArray(entry.deps) ||
    !entry.config ||
    !entry.origins ||
    !Array.isArray(entry.files)
  ) {
    return undefined;
  }
  for (const dep of entry.deps) {
    if (!sameStamp(dep, stampFile(dep.path))) return undefined;
  }
  return { config: entry.config, origins: entry.origins, files: entry.files };
}

/** Best effort: a cache that cannot be written only costs the next start a parse. */
export async function writeCompiled(dir: string, key: string, loaded: LoadedConfig, deps: FileStamp[]): Promise<void> {
  const entry: CacheEntry = { format: FORMAT, key, deps, ...loaded };
  try {
    writeFileAtomic(entryPath(dir, key), JSON.stringify(entry));
    await prune(dir);
  } catch {
    // Read-only or full disk: run uncached.
  }
}

async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((name) => /^config-[0-9a-f]{28}(?:[0-9a-f]{36})?\.json$/.test(name));
  if (names.length <= KEEP) return;
  const dated = await Promise.all(
    names.map(async (name) => ({ name, mtimeMs: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  dated.sort((a, b) => b.mtimeMs - a.mtimeMs);
  await Promise.all(dated.slice(KEEP).map(({ name }) => rm(join(dir, name), { force: true })));
}
