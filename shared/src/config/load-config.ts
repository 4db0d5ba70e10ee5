import { candidatePaths, resolveSources, stampFile } from './config-sources.js';
import { compiledCacheKey, readCompiled, writeCompiled } from './compiled-cache.js';
import type { LoadConfigOptions, LoadedConfig } from './types.js';

/**
 * The effective configuration: schema defaults < base.yaml < $PAYREADY_ENV.yaml < user file < .payready.yaml
 * < --config file < PAYREADY_* variables < flags. Throws ConfigError listing every problem found.
 *
 * Cold start: this module stays free of zod and yaml; they load (through compile-config) only when the
 * compiled-config cache misses or is off.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const sources = resolveSources(options);
  const cacheDir = options.compiledCacheDir;
  let key: string | undefined;
  if (cacheDir !== undefined) {
    const stamps = candidatePaths(sources).map(stampFile);
    key = compiledCacheKey({ ...options, builtinDir: sources.builtinDir }, stamps);
    const hit = await readCompiled(cacheDir, key);
    if (hit) return hit;
  }
  const { compileConfig } = await import('./compile-config.js');
  const result = await compileConfig(sources, options);
  if (!result.ok) throw result.error;
  if (cacheDir !== undefined && key !== undefined) await writeCompiled(cacheDir, key, result.loaded, result.deps);
  return result.loaded;
}
