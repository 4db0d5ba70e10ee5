import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './repo-root.js';
import { runCli, type CliRun, type RunCliOptions } from './run-cli.js';

export interface CliLoads {
  run: CliRun;
  /** Absolute paths of the files the run loaded (ES modules and CommonJS), in load order. */
  files: string[];
  /** The built-in modules it loaded, e.g. `crypto`, `fs/promises`. */
  builtins: string[];
}

/** Runs the built CLI with tests/fixtures/loads/record-loads.mjs preloaded and returns what it loaded. */
export async function runCliRecordingLoads(args: readonly string[], options: RunCliOptions = {}): Promise<CliLoads> {
  const dir = mkdtempSync(join(tmpdir(), 'payready-loads-'));
  const log = join(dir, 'loads.txt');
  try {
    const run = await runCli(args, {
      ...options,
      // Not a PAYREADY_ variable: those are config, and would change the compiled-config cache's key.
      env: { ...options.env, RECORD_LOADS_LOG: log },
      nodeArgs: [...(options.nodeArgs ?? []), '--import', join(repoRoot, 'tests/fixtures/loads/record-loads.mjs')],
    });
    const urls = readFileSync(log, 'utf8').trim().split('\n');
    return {
      run,
      files: urls.filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url)),
      builtins: urls.filter((url) => url.startsWith('node:')).map((url) => url.slice('node:'.length)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
