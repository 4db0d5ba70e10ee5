import { resolveSources } from './config-sources.js';
import type { ReadFile } from './file-chain.js';
import type { LoadConfigOptions } from './types.js';

export type ConfigFileEntry = ReadFile;

/**
 * The files the configuration is read from, lowest precedence first, extends targets before the file naming
 * them; absent optional files (user, project) are listed with `exists: false`. Unlike loadConfig this does
 * not validate, so it also works on a broken setup.
 */
export async function listConfigFiles(
  options: Omit<LoadConfigOptions, 'overrides' | 'compiledCacheDir'>,
): Promise<ConfigFileEntry[]> {
  const { collectLayers } = await import('./compile-config.js');
  return (await collectLayers(resolveSources(options))).files;
}
