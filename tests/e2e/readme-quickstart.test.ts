import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempHome, repoRoot } from '../test-utils/src/index.js';

/** The shell blocks of the README's Quick start section, in order. */
function quickStartCommands(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## Quick start$/m)[1]!.split(/^## /m)[0]!;
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!.trim());
}

const home = createTempHome();
const copy = mkdtempSync(join(tmpdir(), 'payready-fresh-clone-'));
afterAll(() => {
  home.cleanup();
  rmSync(copy, { recursive: true, force: true });
});

describe('README quick start', () => {
  it('has exactly two commands, and .ci/run runs the second (the test command) verbatim', () => {
    const commands = quickStartCommands();
    expect(commands).toHaveLength(2);
    expect(readFileSync(join(repoRoot, '.ci/run'), 'utf8')).toContain(`\n${commands[1]}\n`);
  });

  it('the first command installs, builds and answers `payready ask` on a fresh clone', () => {
    // A clone has only committed files: this catches a missing file or install step the work tree hides.
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, copy]);
    const [install] = quickStartCommands();
    // payready's own files go to a temp home; pnpm keeps using the machine's store so the install is a copy.
    const storeDir = execFileSync('npx', ['-y', 'pnpm@10', 'store', 'path'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    const run = spawnSync('sh', ['-c', install!], {
      cwd: copy,
      env: { ...process.env, ...home.env, HOME: process.env.HOME, CI: 'true', npm_config_store_dir: storeDir },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.stderr).not.toMatch(/ERR_PNPM|error TS/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/README\.md:\d+/);
  }, 300_000);
});
