import { join } from 'node:path';
import type { LoadConfigOptions } from '@payready/shared/config';
import type { CliIO } from '../../cli-io.js';

/**
 * Load options for the `config` commands. No compiled-config cache: these commands exist to look at the
 * files as they are now, and should not leave cache entries behind.
 */
export function configLoadOptions(io: CliIO, file?: string): LoadConfigOptions {
  return { builtinDir: join(io.assetsDir, 'config'), env: io.env, cwd: io.cwd, ...(file ? { file } : {}) };
}
