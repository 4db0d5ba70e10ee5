import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyStoreOptions } from './key-store.js';

/** A throwaway config dir and store options for tests: keyring off unless a test turns it on. */
export function tempStore(
  overrides: Partial<KeyStoreOptions> = {},
): KeyStoreOptions & { root: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'payready-keys-'));
  chmodSync(root, 0o700);
  const configDir = join(root, 'config', 'payready');
  return {
    root,
    path: join(configDir, 'keys.enc'),
    configDir,
    env: { HOME: root },
    keyring: false,
    ...overrides,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export const bytesOf = (path: string): Buffer => readFileSync(path);
