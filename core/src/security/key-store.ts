import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError, writeFileAtomic } from '@payready/shared';
import { assertKeyName } from './key-names.js';
import { KeyStoreError } from './key-store-error.js';
import type { MasterKeySource } from './master-key.js';
import { createMasterKey, envSlot, type MasterKeySlot, type SlotOptions, type SlotPair } from './master-key-slots.js';
import { existingMasterKey, findMasterKey } from './find-master-key.js';
import { readPrivateFile } from './private-file.js';
import { openStore, parseStore, sealStore } from './store-format.js';
import { withFileLock, type LockOptions } from './store-lock.js';

type Env = Readonly<Record<string, string | undefined>>;

export const KEY_STORE_FILE = 'keys.enc';

export interface KeyStoreOptions {
  /** The store file (see `resolveKeyStorePath`). */
  path: string;
  /** `$XDG_CONFIG_HOME/payready`: where master.key lives. */
  configDir: string;
  /** Read for PAYREADY_ENCRYPTION_KEY and, by the keyring helper, for the D-Bus session. */
  env: Env;
  /** Config `security.keyring`; default true. */
  keyring?: boolean;
  keyringTimeoutMs?: number;
  /** Test seam: a module to load instead of @napi-rs/keyring. */
  keyringModule?: string;
  lock?: LockOptions;
  /** Test seam: replaces writeFileAtomic for the store and master key files. */
  writeFile?: (path: string, data: string | Uint8Array) => void;
}

export interface KeyStoreContents {
  path: string;
  keyId: string;
  keySource: MasterKeySource;
  entries: Map<string, string>;
}

/** Config `security.key_store` (`~` and paths relative to the config dir allowed), else `<configDir>/keys.enc`. */
export function resolveKeyStorePath(options: { configDir: string; storePath?: string; env: Env }): string {
  const configured = options.storePath;
  if (!configured) return join(options.configDir, KEY_STORE_FILE);
  if (configured === '~' || configured.startsWith('~/')) return join(options.env.HOME ?? '~', configured.slice(1));
  return isAbsolute(configured) ? configured : resolve(options.configDir, configured);
}

function slotOptions(options: KeyStoreOptions): SlotOptions {
  return {
    configDir: options.configDir,
    env: options.env,
    keyring: options.keyring ?? true,
    ...(options.keyringTimeoutMs === undefined ? {} : { keyringTimeoutMs: options.keyringTimeoutMs }),
    ...(options.keyringModule === undefined ? {} : { keyringModule: options.keyringModule }),
    writeFile: options.writeFile ?? ((path, data) => writeFileAtomic(path, data, { mode: 0o600 })),
  };
}

export interface OpenedStore extends KeyStoreContents {
  raw: Buffer | undefined;
  masterKey: Buffer;
  slot: MasterKeySlot;
  pair: SlotPair | undefined;
}

function openExisting(options: KeyStoreOptions, raw: Buffer): OpenedStore {
  const document = parseStore(raw, options.path);
  const { key, slot, pair } = findMasterKey(document, slotOptions(options), options.path);
  const entries = openStore(document, key, options.path);
  return {
    path: options.path,
    keyId: document.keyId,
    keySource: document.keySource,
    entries,
    raw,
    masterKey: key,
    slot,
    pair,
  };
}

/** The decrypted store, or undefined when there is none. Synchronous; takes no lock (writes are atomic renames). */
export function readKeyStore(options: KeyStoreOptions): KeyStoreContents | undefined {
  const raw = readPrivateFile(options.path, 'key store');
  if (raw === undefined) return undefined;
  const { path, keyId, keySource, entries } = openExisting(options, raw);
  return { path, keyId, keySource, entries };
}

// Under the lock. An existing store is opened (finishing an interrupted rotation); a new one gets the master
// key from the environment, the keyring or master.key, and only when none has one, a new key.
export function openForWrite(options: KeyStoreOptions): OpenedStore {
  const raw = readPrivateFile(options.path, 'key store');
  if (raw !== undefined) {
    const opened = openExisting(options, raw);
    if (opened.pair && opened.slot === opened.pair.pending) {
      try {
        opened.pair.primary.write(opened.masterKey);
      } catch (error) {
        throw new KeyStoreError(
          `cannot finish the interrupted key rotation of ${options.path}: ${(error as Error).message}`,
          {
            file: options.path,
            cause: error,
          },
        );
      }
      opened.pair.pending.remove();
      opened.slot = opened.pair.primary;
    }
    return opened;
  }
  const base = { path: options.path, raw, entries: new Map<string, string>() };
  const slots = slotOptions(options);
  const env = envSlot(options.env);
  if (env) {
    const masterKey = env.read()!;
    return { ...base, keyId: '', keySource: 'env', masterKey, slot: env, pair: undefined };
  }
  mkdirSync(options.configDir, { recursive: true, mode: 0o700 });
  const { key, pair } = existingMasterKey(slots) ?? createMasterKey(slots);
  return { ...base, keyId: '', keySource: pair.primary.source, masterKey: key, slot: pair.primary, pair };
}

export function writeStore(options: KeyStoreOptions, data: string | Uint8Array): void {
  try {
    slotOptions(options).writeFile(options.path, data);
  } catch (error) {
    throw new KeyStoreError(`cannot write key store ${options.path}: ${(error as Error).message}`, {
      file: options.path,
      cause: error,
    });
  }
}

/** Runs `critical` under the store's lock file, creating the directory (0700) first. */
export async function locked<T>(options: KeyStoreOptions, critical: () => T): Promise<T> {
  mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
  return withFileLock(`${options.path}.lock`, critical, options.lock);
}

/** Adds or replaces one entry. */
export async function setStoredKey(options: KeyStoreOptions, name: string, value: string): Promise<void> {
  assertKeyName(name);
  if (value.length === 0) throw new UsageError(`the value for ${name} is empty`);
  await locked(options, () => {
    const store = openForWrite(options);
    store.entries.set(name, value);
    writeStore(options, sealStore(store.entries, store.masterKey, store.slot.source));
  });
}

/** Removes one entry; `names` are the entries left (for "did you mean"). */
export async function removeStoredKey(
  options: KeyStoreOptions,
  name: string,
): Promise<{ removed: boolean; names: string[] }> {
  return locked(options, () => {
    if (readPrivateFile(options.path, 'key store') === undefined) return { removed: false, names: [] };
    const store = openForWrite(options);
    const removed = store.entries.delete(name);
    if (removed) writeStore(options, sealStore(store.entries, store.masterKey, store.slot.source));
    return { removed, names: [...store.entries.keys()] };
  });
}
