import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hotCommand } from './plain-command.js';
import { VERSION } from './version.js';

// The `payready` executable, built as CommonJS (dist/payready.cjs): an ES module entry costs Node its ES
// module loader before the first line runs (~0.09× `node -e 0`, measured), and neither the fast paths nor the
// hot path needs it. Fast paths: `--version` and `--help` answer before anything else is loaded (perf goal:
// ≤ 1.5× `node -e 0`). Built-ins are loaded with process.getBuiltinModule (scripts/build/builtin-imports.mjs),
// which is why `engines` says Node ^20.19 or ≥ 22.3.
const argv = process.argv.slice(2);
// `payready … | head` closes stdout early; that is the reader's choice, not an error to print a stack for.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
const help = argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h') ? prerenderedHelp() : undefined;
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else if (help !== undefined) {
  process.stdout.write(help);
} else {
  void run(argv);
}

async function run(argv: string[]): Promise<void> {
  // Node ≥ 22.1 caches compiled bytecode of the full CLI's chunks between runs; on Node 20 the hot path has
  // its own code cache (code-cache/).
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const assetsDir = dirname(fileURLToPath(import.meta.url));
  const hot = hotCommand(argv);
  const code = hot
    ? await (await import('./code-cache/run-hot-path.js')).runHotPath(hot, argv, assetsDir)
    : await (await import('./full-cli.js')).runFull(argv, assetsDir);
  // Let stdout drain, then exit explicitly: a lingering socket or timer in a plugin must not keep the
  // process (and the user's git hook) waiting.
  process.exitCode = code;
  if (process.stdout.writableLength === 0) process.exit(code);
  else process.stdout.once('drain', () => process.exit(code));
}

/**
 * The top-level help as commander renders it, written next to the bundle at build time (scripts/build.mjs), so
 * `payready --help` need not load commander and every command's declaration. Commander wraps at 80 columns
 * off a terminal and at the terminal's width on one; a terminal narrower than 80 columns gets commander's own
 * rendering, wider ones the 80-column text. Absent (running from source), commander renders it.
 */
function prerenderedHelp(): string | undefined {
  if (process.stdout.isTTY && (process.stdout.columns ?? 80) < 80) return undefined;
  try {
    return readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}
