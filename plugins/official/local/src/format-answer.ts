import { isAbsolute, relative } from 'node:path';
import type { KbRoot } from './kb-files.js';
import type { PassageHit } from './search-passages.js';

export interface DisplayPaths {
  projectRoot?: string;
  cwd: string;
  home?: string;
}

function inside(dir: string | undefined, file: string): string | undefined {
  if (!dir) return undefined;
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : undefined;
}

/** A file as a person reads it: relative to the project root, else to the cwd, else with ~ for home. */
export function displayPath(file: string, paths: DisplayPaths): string {
  const rel = inside(paths.projectRoot, file) ?? inside(paths.cwd, file);
  if (rel !== undefined) return rel;
  const home = inside(paths.home, file);
  return home !== undefined ? `~/${home}` : file;
}

/** `README.md:12 — Quick start`: the citation line above each passage, and the source title. */
export function citation(hit: PassageHit, paths: DisplayPaths): string {
  const where = `${displayPath(hit.path, paths)}:${hit.line}`;
  return hit.heading ? `${where} — ${hit.heading}` : where;
}

/** One passage as plain text: its citation line, then its text, then a blank line. */
export function formatPassage(hit: PassageHit, paths: DisplayPaths): string {
  return `${citation(hit, paths)}\n${hit.text}\n\n`;
}

function describeRoot(root: KbRoot, paths: DisplayPaths): string {
  const where = root.path === paths.cwd ? '.' : displayPath(root.path, { ...paths, projectRoot: undefined });
  return root.kind === 'project' ? `README* and docs/ of ${where}` : where;
}

/** What to say when nothing matched: where we looked, how to add documents, and how to get real answers. */
export function formatNoMatch(roots: readonly KbRoot[], paths: DisplayPaths): string {
  const searched = roots.map((root) => describeRoot(root, paths)).join(', ');
  const kb = roots.find((root) => root.kind === 'kb');
  const kbDir = kb ? displayPath(kb.path, { ...paths, projectRoot: undefined }) : '$XDG_DATA_HOME/payready/kb';
  return (
    `No local document matches this question (searched ${searched || 'nothing'}). ` +
    `To add documents, put .md, .txt or .rst files in ${kbDir} or list directories under agents.local.paths in ` +
    'the config. For real answers, configure a remote agent, e.g. `export ANTHROPIC_API_KEY=…`.\n'
  );
}
