import { xdgPaths } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { loadCliConfig } from '../../runtime/load-cli-config.js';
import { resolveKeyStorePath, type KeyStoreOptions } from '@payready/core/security';

/** Where the key store is (config `security.key_store`) and whether to use the OS keyring (`security.keyring`). */
export interface KeyStoreLocation {
  storePath?: string;
  keyring?: boolean;
}

export async function keyStoreOptions(io: CliIO, location: KeyStoreLocation = {}): Promise<KeyStoreOptions> {
  let { storePath, keyring } = location;
  if (storePath === undefined || keyring === undefined) {
    const { security } = (await loadCliConfig(io)).config;
    storePath ??= security.key_store;
    keyring ??= security.keyring;
  }
  const { configDir } = xdgPaths(io.env);
  return {
    path: resolveKeyStorePath({ configDir, env: io.env, ...(storePath === undefined ? {} : { storePath }) }),
    configDir,
    env: io.env,
    keyring,
  };
}

/** `…a1b2`: enough to tell two keys apart, never enough to matter. Short values show nothing. */
export function maskedTail(value: string): string {
  return value.length >= 16 ? `…${value.slice(-4)}` : '…';
}
