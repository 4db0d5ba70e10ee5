import { processIO, type CliIO } from './cli-io.js';
import { plainCommand, type HotCommand } from './plain-command.js';
import { reportError } from './report-error.js';

/**
 * `payready ask …` and `payready route …`: what git hooks, scripts and people run most. In the bundle this module
 * is the entry of a build of its own, one CommonJS file run with V8's code cache (code-cache/run-hot-path.ts):
 * in the full CLI's build esbuild splits this path into ~45 ES modules (the code is shared with every other
 * command in different combinations), and Node 20 resolves, reads and compiles each of them on every start.
 */
export async function runHot(argv: readonly string[], assetsDir: string): Promise<number> {
  const io = processIO(assetsDir);
  const plain = plainCommand(argv);
  if (plain) return runPlainCommand(plain, argv.slice(1), io);
  const [{ runCommander }, { hotProgram }] = await Promise.all([
    import('./program/run-commander.js'),
    import('./program/hot-program.js'),
  ]);
  return runCommander(argv, io, hotProgram);
}

/** Commander would hand the command exactly these words and no options, so the command runs straight away. */
export async function runPlainCommand(name: HotCommand, words: string[], io: CliIO): Promise<number> {
  try {
    if (name === 'route') return await (await import('./commands/route.js')).routeCommand(words, {}, io);
    return await (await import('./commands/ask.js')).ask(words, {}, io);
  } catch (error) {
    return reportError(error, io);
  }
}
