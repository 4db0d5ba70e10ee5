import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { version } from './version.js';

const sourceDir = new URL('./', import.meta.url);

describe('claude plugin module', () => {
  it('never imports the SDK at module load (cold start): only `import type` or `await import()`', () => {
    for (const file of readdirSync(sourceDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
      const source = readFileSync(new URL(file, sourceDir), 'utf8');
      const staticImports = source.match(/^import\s+(?!type\b)[^;]*from\s+'@anthropic-ai\/sdk[^']*'/gm) ?? [];
      expect(staticImports, file).toEqual([]);
    }
  });

  it('reports the version of its package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toBe(pkg.version);
  });
});
