import { processIO, type CliIO } from './cli-io.js';
import type { PlainCommand } from './plain-command.js';
import { reportError } from './report-error.js';

/**
 * Runs a plain `ask`/`route` (see plainCommand). In the bundle this module is the entry of a build of its own
 * (dist/hot/, scripts/build.mjs): esbuild splits the full CLI into ~45 chunks along this path, because the code
 * is shared with every other command in different combinations, and Node 20 loads each ES module with an
 * asynchronous read and a resolution of its own; built alone, the same path is ~15 chunks.
 */
export async function runPlainCommand(name: PlainCommand, words: string[], io: CliIO): Promise<number> {
  try {
    if (name === 'route') return await (await import('./commands/route.js')).routeCommand(words, {}, io);
    return await (await import('./commands/ask.js')).ask(words, {}, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/** The entry's contract with index.ts: only the assets directory crosses between the two builds. */
export function runPlain(name: PlainCommand, words: string[], assetsDir: string): Promise<number> {
  return runPlainCommand(name, words, processIO(assetsDir));
}
