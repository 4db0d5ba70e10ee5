import { lazyCrypto } from '@payready/shared';
import { join } from 'node:path';
import { KeyStoreError } from './key-store-error.js';
import { keyringDelete, keyringGet, keyringReachable, keyringSet, type KeyringOptions } from './keyring.js';
import {
  formatMasterKey,
  MASTER_KEY_BYTES,
  MASTER_KEY_ENV,
  parseMasterKey,
  type MasterKeySource,
} from './master-key.js';
import { createFileExclusive, readPrivateFile } from './private-file.js';
import { rmSync } from 'node:fs';

type Env = Readonly<Record<string, string | undefined>>;

export const MASTER_KEY_FILE = 'master.key';
export const KEYRING_ACCOUNT = 'master-key';

export interface SlotOptions {
  /** `$XDG_CONFIG_HOME/payready`, home of master.key. */
  configDir: string;
  env: Env;
  /** Use the OS keyring (config `security.keyring`). */
  keyring: boolean;
  keyringTimeoutMs?: number;
  keyringModule?: string;
  writeFile: (path: string, data: string | Uint8Array) => void;
}

/** One place a master key can live. */
export interface MasterKeySlot {
  source: MasterKeySource;
  /** For messages: never the key, only where it is. */
  label: string;
  read(): Buffer | undefined;
  write(key: Uint8Array): void;
  remove(): void;
}

/**
 * A managed home for the key plus its staging slot. Rotation stages the new key, replaces the store, then
 * promotes; a crash in between leaves a staged key that matches the store, and reads look there too.
 */
export interface SlotPair {
  primary: MasterKeySlot;
  pending: MasterKeySlot;
}

export function envSlot(env: Env): MasterKeySlot | undefined {
  const value = env[MASTER_KEY_ENV];
  if (!value) return undefined;
  const refuse = () => {
    throw new KeyStoreError(`payready cannot change ${MASTER_KEY_ENV}; it only reads it`);
  };
  return {
    source: 'env',
    label: MASTER_KEY_ENV,
    read: () => parseMasterKey(value, { label: MASTER_KEY_ENV }),
    write: refuse,
    remove: refuse,
  };
}

function fileSlot(path: string, options: SlotOptions): MasterKeySlot {
  const label = `master key file ${path}`;
  return {
    source: 'file',
    label,
    read() {
      const raw = readPrivateFile(path, 'master key file');
      return raw === undefined ? undefined : parseMasterKey(raw.toString('utf8'), { label, file: path });
    },
    write: (key) => options.writeFile(path, formatMasterKey(key)),
    remove: () => rmSync(path, { force: true }),
  };
}

function keyringSlot(account: string, keyring: KeyringOptions): MasterKeySlot {
  const label = `the OS keyring (service payready, account ${account})`;
  return {
    source: 'keyring',
    label,
    read() {
      const value = keyringGet(account, keyring);
      return value === undefined ? undefined : parseMasterKey(value, { label });
    },
    write(key) {
      if (!keyringSet(account, Buffer.from(key).toString('base64'), keyring)) {
        throw new KeyStoreError(`${label} did not accept the master key`);
      }
    },
    remove: () => keyringDelete(account, keyring),
  };
}

const keyringOptions = (options: SlotOptions): KeyringOptions => ({
  env: options.env,
  ...(options.keyringTimeoutMs === undefined ? {} : { timeoutMs: options.keyringTimeoutMs }),
  ...(options.keyringModule === undefined ? {} : { modulePath: options.keyringModule }),
});

/** The managed homes, `first` first: the keyring (when enabled and reachable) and master.key. */
export function managedSlots(options: SlotOptions, first: MasterKeySource): SlotPair[] {
  const path = join(options.configDir, MASTER_KEY_FILE);
  const pairs: SlotPair[] = [{ primary: fileSlot(path, options), pending: fileSlot(`${path}.new`, options) }];
  const keyring = keyringOptions(options);
  if (options.keyring && keyringReachable(keyring)) {
    const keyringPair = {
      primary: keyringSlot(KEYRING_ACCOUNT, keyring),
      pending: keyringSlot(`${KEYRING_ACCOUNT}.next`, keyring),
    };
    if (first === 'keyring') pairs.unshift(keyringPair);
    else pairs.push(keyringPair);
  }
  return pairs;
}

/**
 * A new master key for a new store: in the OS keyring when one takes it, else in master.key (created once,
 * exclusively: if another process created it first, its key is used).
 */
export function createMasterKey(options: SlotOptions): { key: Buffer; pair: SlotPair } {
  const key = lazyCrypto().randomBytes(MASTER_KEY_BYTES);
  const pairs = managedSlots(options, 'keyring');
  const keyringPair = pairs.find((pair) => pair.primary.source === 'keyring');
  if (keyringPair) {
    try {
      keyringPair.primary.write(key);
      return { key, pair: keyringPair };
    } catch {
      // No keyring after all (locked, timed out): master.key below.
    }
  }
  const filePair = pairs.find((pair) => pair.primary.source === 'file')!;
  const path = join(options.configDir, MASTER_KEY_FILE);
  if (createFileExclusive(path, formatMasterKey(key))) return { key, pair: filePair };
  return { key: filePair.primary.read()!, pair: filePair };
}
