import { join } from 'node:path';
import type { CliIO } from '../../cli-io.js';
import { cliPaths } from '../../runtime/cli-paths.js';

/** `payready cache path`: the disk cache's directory (core's answersDir(), without loading core). */
export async function cachePath(_options: Record<string, never>, io: CliIO): Promise<number> {
  io.stdout.write(`${join(cliPaths(io).cacheDir, 'answers')}\n`);
  return 0;
}
