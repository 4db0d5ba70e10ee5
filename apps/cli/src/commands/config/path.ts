import { listConfigFiles } from '@payready/shared/config';
import type { CliIO } from '../../cli-io.js';
import { configLoadOptions } from './config-load-options.js';

export interface ConfigPathOptions {
  /** `--config FILE`, listed last among the files. */
  config?: string;
}

/**
 * `payready config path`: the files payready reads, lowest precedence first (PAYREADY_* variables and flags
 * come after all of them). Each line: `[x]` for a file that exists, `[ ]` for one that does not, the path,
 * and its role.
 */
export async function configPath(options: ConfigPathOptions, io: CliIO): Promise<number> {
  const entries = await listConfigFiles(configLoadOptions(io, options.config));
  for (const entry of entries) {
    const role = entry.from ? `${entry.role} from ${entry.from}` : entry.role;
    const note = entry.exists ? role : `${role}, not found`;
    io.stdout.write(`${entry.exists ? '[x]' : '[ ]'} ${entry.path}  (${note})\n`);
  }
  return 0;
}
