import { join } from 'node:path';
import { KeyStoreError } from './key-store-error.js';
import { keyFingerprint, MASTER_KEY_ENV } from './master-key.js';
import {
  envSlot,
  managedSlots,
  MASTER_KEY_FILE,
  type MasterKeySlot,
  type SlotOptions,
  type SlotPair,
} from './master-key-slots.js';
import type { StoreDocument } from './store-format.js';

export interface FoundMasterKey {
  key: Buffer;
  slot: MasterKeySlot;
  /** The managed pair the slot belongs to; undefined for the environment. */
  pair: SlotPair | undefined;
}

/**
 * The master key `document` was written with. PAYREADY_ENCRYPTION_KEY, when set, is the only candidate (an
 * explicit key that does not fit is an error, not a reason to look elsewhere). Otherwise the managed homes are
 * searched, the one the store names first, for the key whose id matches: a key is never chosen by order alone,
 * so a stale key in the keyring cannot shadow the right one in master.key.
 */
export function findMasterKey(document: StoreDocument, options: SlotOptions, file: string): FoundMasterKey {
  const env = envSlot(options.env);
  if (env) {
    const key = env.read()!;
    if (keyFingerprint(key) === document.keyId) return { key, slot: env, pair: undefined };
    throw mismatch(file, document, [`${MASTER_KEY_ENV} has key id ${keyFingerprint(key)}`]);
  }
  const tried: string[] = [];
  for (const pair of managedSlots(options, document.keySource)) {
    for (const slot of [pair.primary, pair.pending]) {
      const key = slot.read();
      if (key === undefined) continue;
      if (keyFingerprint(key) === document.keyId) return { key, slot, pair };
      tried.push(`${slot.label} has key id ${keyFingerprint(key)}`);
    }
  }
  if (tried.length > 0) throw mismatch(file, document, tried);
  const where =
    document.keySource === 'keyring'
      ? 'the OS keyring (is it unlocked and reachable?)'
      : join(options.configDir, MASTER_KEY_FILE);
  throw new KeyStoreError(
    `no master key found for key store ${file} (it was written with key id ${document.keyId}, kept in ${where})`,
    {
      file,
      hint: `set ${MASTER_KEY_ENV} to the key it was written with, or restore ${where}`,
    },
  );
}

/** For a store not created yet: a master key already in a managed home (keyring first), if any. */
export function existingMasterKey(options: SlotOptions): { key: Buffer; pair: SlotPair } | undefined {
  for (const pair of managedSlots(options, 'keyring')) {
    const key = pair.primary.read();
    if (key !== undefined) return { key, pair };
  }
  return undefined;
}

function mismatch(file: string, document: StoreDocument, tried: string[]): KeyStoreError {
  return new KeyStoreError(
    `the master key does not match this store (${file} was written with key id ${document.keyId}; ${tried.join('; ')})`,
    { file, hint: `set ${MASTER_KEY_ENV} to the key the store was written with, or restore that key` },
  );
}
