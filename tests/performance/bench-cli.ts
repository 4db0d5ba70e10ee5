import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliBundle, createTempHome } from '../test-utils/src/index.js';

/**
 * What a cold-start benchmark spawns: a private copy of the built CLI (a rebuild elsewhere replaces
 * apps/cli/dist mid-run) and an empty home, as the environment of a user with nothing configured.
 */
export function benchCli(name: string): { bundle: string; env: Record<string, string | undefined> } {
  const bundle = join(mkdtempSync(join(tmpdir(), `payready-${name}-bench-cli-`)), 'payready.cjs');
  cpSync(dirname(cliBundle), dirname(bundle), { recursive: true });
  const home = createTempHome(`payready-${name}-bench-home-`);
  return { bundle, env: { PATH: process.env.PATH, ...home.env } };
}
