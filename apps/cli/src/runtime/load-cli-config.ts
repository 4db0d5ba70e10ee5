import { join } from 'node:path';
import { xdgPaths } from '@payready/shared';
import { loadConfig, type LoadedConfig } from '@payready/shared/config';
import type { CliIO } from '../cli-io.js';

export type ConfigOverrides = Record<string, { value: unknown; source: string }>;

/** The effective config for this invocation: files, PAYREADY_* variables, then flags. */
export async function loadCliConfig(
  io: CliIO,
  options: { file?: string; overrides?: ConfigOverrides } = {},
): Promise<LoadedConfig> {
  return loadConfig({
    builtinDir: join(io.assetsDir, 'config'),
    env: io.env,
    cwd: io.cwd,
    ...(options.file ? { file: options.file } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
    compiledCacheDir: join(xdgPaths(io.env).cacheDir, 'config'),
  });
}
