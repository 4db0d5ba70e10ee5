import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBundle, repoRoot } from '../test-utils/src/index.js';

// What each CLI path loads before it does any work: the static import closure of a chunk of the built bundle,
// named by the source files its source map lists. Cold start is a budget (issue 2), and the way it regresses
// is a static import that drags a heavy module onto a path that never uses it (an esbuild barrel re-export,
// a top-level SDK import). These tests name the modules that must stay off each path.

function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found = [...code.matchAll(/^import\s+(?:[^'"]*?\sfrom\s+)?"(\.\.?\/[^"]+)";/gm)].map((match) => match[1]!);
  return found.map((specifier) => join(dirname(file), specifier));
}

function dynamicImport(file: string, name: string): string {
  const code = readFileSync(file, 'utf8');
  const match = new RegExp(`import\\("(\\.\\.?/(?:chunks/)?${name}-[A-Z0-9]+\\.mjs)"\\)`).exec(code);
  if (!match) throw new Error(`${file} has no dynamic import of a ${name} chunk`);
  return join(dirname(file), match[1]!);
}

/** Every source file (repo-relative or package path) evaluated when `file` is imported. */
function loadedSources(file: string): string[] {
  const seen = new Set<string>();
  const sources = new Set<string>();
  const visit = (chunk: string): void => {
    if (seen.has(chunk)) return;
    seen.add(chunk);
    const map = JSON.parse(readFileSync(`${chunk}.map`, 'utf8')) as { sources: string[] };
    for (const source of map.sources) sources.add(relative(repoRoot, resolve(dirname(chunk), source)));
    for (const next of staticImports(chunk)) visit(next);
  };
  visit(file);
  return [...sources];
}

const offPath = (sources: string[], patterns: RegExp[]): string[] =>
  sources.filter((source) => patterns.some((pattern) => pattern.test(source)));

const fullCli = join(dirname(cliBundle), 'full.mjs');

describe('what each CLI path loads up front (built bundle)', () => {
  it('the executable is CommonJS holding the fast paths and the code-cache runner, nothing of commander or routing', () => {
    const code = readFileSync(cliBundle, 'utf8');
    // An ES module entry would cost the ES module loader before the first line runs.
    expect(code).not.toMatch(/^(import|export)\s/m);
    expect(code).toContain('import("./full.mjs")');
    expect(code).toContain('"hot", "main.cjs"');
    const sources = loadedSources(cliBundle);
    expect(sources).toEqual(expect.arrayContaining(['apps/cli/src/index.ts', 'apps/cli/src/version.ts']));
    expect(
      offPath(sources, [
        /commander|apps\/cli\/src\/(program|commands)/,
        /core\/src\//,
        /shared\/src\/(intent|config)/,
        /yaml|zod|pino/,
      ]),
    ).toEqual([]);
  });

  it('the command parser loads commander, the error types, the redactor, and nothing of routing or caching', () => {
    const sources = loadedSources(fullCli);
    expect(sources).toContain('apps/cli/src/program.ts');
    expect(offPath(sources, [/shared\/src\/(intent|telemetry|config\/load)/, /core\/src\//, /yaml|zod|pino/])).toEqual(
      [],
    );
  });

  it('dist/hot/main.cjs holds our code, not the SDKs, OpenTelemetry SDK, ioredis, undici, yaml or zod', () => {
    const hot = join(dirname(cliBundle), 'hot/main.cjs');
    const sources = loadedSources(hot);
    expect(sources).toContain('core/src/routing/route.ts');
    expect(sources).toContain('apps/cli/src/commands/ask.ts');
    expect(
      offPath(sources, [
        /@anthropic-ai|openai@|@opentelemetry\/(sdk|exporter)|ioredis|undici|prom-client|yaml@|zod@|fastify|pino@/,
        /apps\/cli\/src\/commands\/(doctor|serve|keys|review|hook|history\/history-(list|search))/,
      ]),
    ).toEqual([]);
    // import() there fails once V8's code cache is used (scripts/build/hot-vendors.mjs).
    expect(readFileSync(hot, 'utf8')).not.toMatch(/(?<![\w$.])import\(/);
  });

  it('route loads the router, not the answer cache, the history store, the SDKs, yaml or zod', () => {
    const route = dynamicImport(fullCli, 'route');
    const sources = loadedSources(route);
    expect(sources).toContain('core/src/routing/route.ts');
    expect(
      offPath(sources, [
        // sha256-hex is the one caching helper routing uses (the canary split's hash).
        /core\/src\/(caching\/(?!sha256-hex)|history\/|review\/|execution\/)/,
        /lru-cache|ioredis|@anthropic-ai|openai|@opentelemetry\/sdk|yaml|zod|minisearch|fastify/,
      ]),
    ).toEqual([]);
  });
});
