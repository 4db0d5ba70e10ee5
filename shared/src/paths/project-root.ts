import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Nearest directory at or above `cwd` that holds one of `markers`. */
export function findUp(cwd: string, markers: readonly string[]): { dir: string; marker: string } | undefined {
  let dir = cwd;
  for (;;) {
    for (const marker of markers) {
      if (existsSync(join(dir, marker))) return { dir, marker };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The project root: nearest dir with `.payready.yaml` or `.git`. */
export function findProjectRoot(cwd: string): string | undefined {
  return findUp(cwd, ['.payready.yaml', '.git'])?.dir;
}
