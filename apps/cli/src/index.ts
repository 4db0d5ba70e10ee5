import nodeModule from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from './version.js';

// The fast path: `--version` answers before anything else is loaded (perf goal: ≤ 1.5× `node -e 0`).
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  // Node ≥ 22.1 caches compiled bytecode of the bundle's chunks between runs; on Node 20 this is absent
  // and bundling plus lazy chunks are the levers.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const [{ main }, { processIO }] = await Promise.all([import('./main.js'), import('./cli-io.js')]);
  const io = processIO(dirname(fileURLToPath(import.meta.url)));
  const code = await main(argv, io);
  // Let stdout drain, then exit explicitly: a lingering socket or timer in a plugin must not keep the
  // process (and the user's git hook) waiting.
  process.exitCode = code;
  if (process.stdout.writableLength === 0) process.exit(code);
  else process.stdout.once('drain', () => process.exit(code));
}
