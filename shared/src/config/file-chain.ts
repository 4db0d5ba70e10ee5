import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ConfigProblem } from '../errors/config-error.js';
import { stampFile } from './config-sources.js';
import type { Layer } from './layer.js';
import type { FileStamp } from './types.js';
import { parseYamlLayer } from './yaml-layer.js';

export type FileRole = 'built-in' | 'environment' | 'user' | 'project' | 'explicit' | 'extends';

export interface ReadFile {
  path: string;
  role: FileRole;
  exists: boolean;
  /** For extends targets: the file that named it. */
  from?: string;
}

/** What reading files accumulates: layers in precedence order, the files touched, their stamps, problems. */
export interface ChainState {
  layers: Layer[];
  files: ReadFile[];
  deps: FileStamp[];
  problems: ConfigProblem[];
}

export function emptyChainState(): ChainState {
  return { layers: [], files: [], deps: [], problems: [] };
}

/** Reads `path` after the files it extends (recursively), appending their layers to `state`. */
export async function readFileChain(
  state: ChainState,
  file: { path: string; role: FileRole; from?: string },
  stack: readonly string[] = [],
): Promise<void> {
  // Stamp before reading: a write between the two then shows up as a changed stamp on the next cache check.
  const stamp = stampFile(file.path);
  state.deps.push(stamp);
  let text: string;
  try {
    text = await readFile(file.path, 'utf8');
  } catch (error) {
    state.files.push({ ...file, exists: false });
    const code = (error as NodeJS.ErrnoException).code;
    state.problems.push({ source: file.path, message: code === 'ENOENT' ? 'file not found' : `cannot read: ${code}` });
    return;
  }
  const parsed = parseYamlLayer(text, file.path);
  state.problems.push(...parsed.problems);
  const chain = [...stack, file.path];
  if (parsed.extends) {
    const { value, origin } = parsed.extends;
    const where = { source: file.path, line: origin.line, column: origin.column, keyPath: 'extends' };
    if (typeof value !== 'string' || value === '') {
      state.problems.push({ ...where, message: 'wrong type', expected: 'a file name', got: JSON.stringify(value) });
    } else {
      const target = resolve(dirname(file.path), value);
      const shown = [...chain, target].join(' → ');
      if (chain.includes(target)) {
        state.problems.push({ ...where, message: `extends cycle: ${shown}` });
      } else if (stampFile(target).size < 0) {
        state.deps.push({ path: target, mtimeMs: -1, size: -1 });
        state.files.push({ path: target, role: 'extends', from: file.path, exists: false });
        state.problems.push({ ...where, message: `extends target not found: ${target} (chain: ${shown})` });
      } else {
        await readFileChain(state, { path: target, role: 'extends', from: file.path }, chain);
      }
    }
  }
  state.files.push({ ...file, exists: true });
  if (parsed.layer) state.layers.push(parsed.layer);
}
