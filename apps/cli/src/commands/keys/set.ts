import type { CliIO } from '../../cli-io.js';
import { keyStoreOptions, type KeyStoreLocation } from './key-store-options.js';
import { readSecret } from './read-secret.js';
import { assertKeyName, envVarForKey, setStoredKey } from '@payready/core/security';

export interface KeysSetOptions extends KeyStoreLocation {
  name: string;
}

/** `payready keys set <name>`: stores a key, encrypted. The value is prompted for or read from stdin. */
export async function keysSet(options: KeysSetOptions, io: CliIO): Promise<number> {
  assertKeyName(options.name);
  const variable = envVarForKey(options.name);
  const storeOptions = await keyStoreOptions(io, options);
  const value = await readSecret(io, `${options.name} key (${variable}, input hidden): `);
  await setStoredKey(storeOptions, options.name, value);
  io.stderr.write(`stored ${options.name} in ${storeOptions.path}\n`);
  if (io.env[variable])
    io.stderr.write(`note: ${variable} is set in the environment and takes precedence over the store\n`);
  return 0;
}
