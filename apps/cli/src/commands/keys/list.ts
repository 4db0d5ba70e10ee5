import type { CliIO } from '../../cli-io.js';
import { keyStoreOptions, maskedTail, type KeyStoreLocation } from './key-store-options.js';
import { envVarForKey, KEY_ENV_VARS, readKeyStore } from '@payready/core/security';

export interface KeysListOptions extends KeyStoreLocation {
  json?: boolean;
}

export interface KeyListing {
  name: string;
  source: 'env' | 'store';
  /** The environment variable that overrides the store for this name. */
  variable: string;
  /** `…a1b2`, never more. */
  tail: string;
  /** False for a store entry hidden by the environment variable. */
  active: boolean;
}

/** `payready keys list`: every key payready can see, where it comes from, masked. Never prints a value. */
export async function keysList(options: KeysListOptions, io: CliIO): Promise<number> {
  const storeOptions = await keyStoreOptions(io, options);
  const stored = readKeyStore(storeOptions)?.entries ?? new Map<string, string>();
  const names = [...new Set([...Object.keys(KEY_ENV_VARS), ...stored.keys()])].sort();
  const keys: KeyListing[] = [];
  for (const name of names) {
    const variable = envVarForKey(name);
    const fromEnv = io.env[variable];
    if (fromEnv) keys.push({ name, source: 'env', variable, tail: maskedTail(fromEnv), active: true });
    const fromStore = stored.get(name);
    if (fromStore) keys.push({ name, source: 'store', variable, tail: maskedTail(fromStore), active: !fromEnv });
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ store: storeOptions.path, keys }, null, 2)}\n`);
    return 0;
  }
  if (keys.length === 0) {
    io.stderr.write(`no keys: set one with \`payready keys set anthropic\`, or export ANTHROPIC_API_KEY\n`);
    return 0;
  }
  const width = Math.max(...keys.map((key) => key.name.length));
  for (const key of keys) {
    const source =
      key.source === 'env' ? `env:${key.variable}` : key.active ? 'store' : `store (overridden by ${key.variable})`;
    io.stdout.write(`${key.name.padEnd(width)}  ${key.tail.padEnd(5)}  ${source}\n`);
  }
  return 0;
}
