import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Specifiers a module imports at load time: `import … from`, `export … from`; not `import type`, not `import()`. */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const pattern = /^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm;
  return [...source.matchAll(pattern)].map((match) => match[1]!);
}

/** Every module reached through static imports from `entry`, relative ones followed, packages listed. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else seen.add(specifier);
    }
  };
  visit(entry);
  return seen;
}

describe('cold start', () => {
  it('@payready/shared/config loads no zod, yaml or chokidar until a cache miss needs them', () => {
    const graph = [...staticGraph(join(here, 'index.ts'))];
    expect(graph.filter((module) => /^(zod|yaml|chokidar)$/.test(module))).toEqual([]);
    expect(graph.filter((module) => /(compile-config|schema|yaml-layer)\.ts$/.test(module))).toEqual([]);
  });

  it('the heavy path does import them, so the check above is looking at the right graph', () => {
    expect([...staticGraph(join(here, 'compile-config.ts'))]).toEqual(expect.arrayContaining(['zod', 'yaml']));
  });
});
