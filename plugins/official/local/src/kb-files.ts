import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { extname, join } from 'node:path';

/** Where documents come from: the project's README* and docs/, the kb data dir, or a configured path. */
export interface KbRoot {
  kind: 'project' | 'kb' | 'path';
  path: string;
}

export interface KbFileStat {
  mtimeMs: number;
  size: number;
}

export interface KbFileList {
  /** Absolute path → stat, in discovery order. */
  files: Map<string, KbFileStat>;
  /** True when the cap cut the list short. */
  truncated: boolean;
}

export const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(['.md', '.mdx', '.txt', '.rst']);
export const MAX_FILE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_FILES = 2000;
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
const MAX_DEPTH = 16;
const README = /^readme(\.[a-z0-9]+)?$/i;

function tryStat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Finds the knowledge-base files under `roots`: only a stat per file, no reads. */
export function listKbFiles(roots: readonly KbRoot[], maxFiles = DEFAULT_MAX_FILES): KbFileList {
  const files = new Map<string, KbFileStat>();
  const visitedDirs = new Set<string>();
  let truncated = false;

  const addFile = (path: string, stat: Stats): void => {
    if (files.has(path) || stat.size > MAX_FILE_BYTES) return;
    if (files.size >= maxFiles) {
      truncated = true;
      return;
    }
    files.set(path, { mtimeMs: stat.mtimeMs, size: stat.size });
  };

  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || truncated) return;
    // Symlinked directories could loop; a realpath per directory is cheap next to the readdir.
    const real = safeRealpath(dir);
    if (real === undefined || visitedDirs.has(real)) return;
    visitedDirs.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && tryStat(path)?.isDirectory() === true);
      if (isDir) walk(path, depth + 1);
      else if (TEXT_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        const stat = tryStat(path);
        if (stat?.isFile()) addFile(path, stat);
      }
    }
  };

  for (const root of roots) {
    if (root.kind === 'project') {
      for (const name of readmeNames(root.path)) {
        const stat = tryStat(join(root.path, name));
        if (stat?.isFile()) addFile(join(root.path, name), stat);
      }
      walk(join(root.path, 'docs'), 0);
      continue;
    }
    const stat = tryStat(root.path);
    // A file named explicitly is read whatever its extension; binary ones are dropped when chunking.
    if (stat?.isFile()) addFile(root.path, stat);
    else if (stat?.isDirectory()) walk(root.path, 0);
  }
  return { files, truncated };
}

function readmeNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => README.test(name) && (extname(name) === '' || TEXT_EXTENSIONS.has(extname(name).toLowerCase())))
      .sort();
  } catch {
    return [];
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** The file's text, or undefined when it is unreadable, too large or looks binary (a NUL in the first 8 KiB). */
export function readKbText(path: string): string | undefined {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return undefined;
  }
  if (data.length > MAX_FILE_BYTES || data.subarray(0, 8192).includes(0)) return undefined;
  return data.toString('utf8');
}
