import { processIO } from './cli-io.js';
import { main } from './main.js';

/**
 * Every command but the fast paths and the hot path (index.ts): the entry of the full CLI's build,
 * dist/full.mjs, ES modules split into chunks loaded as each command needs them.
 */
export function runFull(argv: readonly string[], assetsDir: string): Promise<number> {
  return main(argv, processIO(assetsDir));
}
