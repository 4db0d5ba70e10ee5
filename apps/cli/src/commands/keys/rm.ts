import { closestMatch, UsageError } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { keyStoreOptions, type KeyStoreLocation } from './key-store-options.js';
import { assertKeyName, envVarForKey, removeStoredKey } from '@payready/core/security';

export interface KeysRmOptions extends KeyStoreLocation {
  name: string;
}

/** `payready keys rm <name>`: removes one entry from the store. */
export async function keysRm(options: KeysRmOptions, io: CliIO): Promise<number> {
  assertKeyName(options.name);
  const storeOptions = await keyStoreOptions(io, options);
  const { removed, names } = await removeStoredKey(storeOptions, options.name);
  if (!removed) {
    const suggestion = closestMatch(options.name, names);
    throw new UsageError(`no key named ${options.name} in ${storeOptions.path}`, {
      hint: suggestion ? `did you mean ${suggestion}?` : 'see the stored keys with `payready keys list`',
    });
  }
  io.stderr.write(`removed ${options.name} from ${storeOptions.path}\n`);
  const variable = envVarForKey(options.name);
  if (io.env[variable]) io.stderr.write(`note: ${variable} is still set in the environment\n`);
  return 0;
}
