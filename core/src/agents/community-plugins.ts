import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '@payready/shared';

export interface CommunityPluginSource {
  /** What the user wrote (path or package name), for messages. */
  source: string;
  /** URL to import(). */
  url: string;
}

function entryOfDirectory(dir: string): string {
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { main?: string; exports?: unknown };
    const exported = typeof pkg.exports === 'string' ? pkg.exports : (pkg.exports as Record<string, unknown>)?.['.'];
    const entry = typeof exported === 'string' ? exported : pkg.main;
    if (entry) return join(dir, entry);
  }
  for (const name of ['index.mjs', 'index.js']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return join(dir, 'index.mjs');
}

/**
 * Resolves `plugins.paths` and `plugins.packages` to importable URLs. A path that does not exist is a usage
 * error (exit 2): it is a typo in the user's config, not a broken plugin.
 */
export function resolveCommunityPlugins(options: {
  paths: readonly string[];
  packages: readonly string[];
  baseDir: string;
}): CommunityPluginSource[] {
  const sources: CommunityPluginSource[] = [];
  for (const path of options.paths) {
    const absolute = isAbsolute(path) ? path : resolve(options.baseDir, path);
    if (!existsSync(absolute)) {
      throw new UsageError(`plugin path does not exist: ${absolute} (from plugins.paths: ${JSON.stringify(path)})`, {
        hint: 'fix or remove the entry in plugins.paths (`payready config show --origin` tells which file sets it)',
      });
    }
    const file = statSync(absolute).isDirectory() ? entryOfDirectory(absolute) : absolute;
    sources.push({ source: absolute, url: pathToFileURL(file).href });
  }
  const requireFromProject = createRequire(join(options.baseDir, 'package.json'));
  for (const name of options.packages) {
    let resolved: string;
    try {
      resolved = requireFromProject.resolve(name);
    } catch {
      throw new UsageError(`plugin package not found: ${name} (from plugins.packages)`, {
        hint: `install it in your project (npm i ${name}) or remove it from plugins.packages`,
      });
    }
    sources.push({ source: name, url: pathToFileURL(resolved).href });
  }
  return sources;
}
