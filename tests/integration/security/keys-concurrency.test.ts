import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKeyStore } from '../../../core/src/security/index.js';
import { repoRoot } from '../../test-utils/src/repo-root.js';

// Node 20 cannot run the TypeScript sources, so the store module is bundled once, as the CLI build would.
let work: string;
let bundle: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'payready-keys-concurrency-'));
  bundle = join(work, 'security.mjs');
  await build({
    entryPoints: [join(repoRoot, 'core/src/security/index.ts')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    logLevel: 'warning',
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function setKeys(configDir: string, prefix: string, count: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(import.meta.dirname, 'fixtures/set-keys.mjs'),
        pathToFileURL(bundle).href,
        configDir,
        prefix,
        String(count),
      ],
      { env: { PATH: process.env.PATH, HOME: work }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('key store under concurrent writers', () => {
  it('two processes setting 20 keys each at the same time lose none', async () => {
    const configDir = join(work, 'config', 'payready');
    const results = await Promise.all([setKeys(configDir, 'alpha', 20), setKeys(configDir, 'beta', 20)]);
    expect(results).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' },
    ]);
    const entries = readKeyStore({ path: join(configDir, 'keys.enc'), configDir, env: {}, keyring: false })!.entries;
    expect(entries.size).toBe(40);
    for (const prefix of ['alpha', 'beta']) {
      for (let index = 0; index < 20; index++)
        expect(entries.get(`${prefix}_${index}`)).toBe(`value-${prefix}-${index}`);
    }
    // One master key (created once, under the lock), no lock or temp file left behind.
    expect(readdirSync(configDir).sort()).toEqual(['keys.enc', 'master.key']);
  });
});
