import type { KeyResolver } from '@payready/core';
import { createKeyResolver } from '@payready/core/security';
import type { PayReadyConfig } from '@payready/shared';
import type { CliIO } from '../cli-io.js';
import { cliPaths } from './cli-paths.js';

/**
 * Environment first; the encrypted key store is read only when the environment has no value, and at most
 * once per process.
 */
export function createCliKeyResolver(io: CliIO, config: PayReadyConfig): KeyResolver {
  return createKeyResolver({
    env: io.env,
    paths: cliPaths(io),
    ...(config.security.key_store ? { storePath: config.security.key_store } : {}),
    keyring: config.security.keyring,
  });
}
