import { lazyCrypto } from '@payready/shared';
import { KeyStoreError } from './key-store-error.js';
import { locked, openForWrite, writeStore, type KeyStoreOptions } from './key-store.js';
import { keyFingerprint, MASTER_KEY_BYTES } from './master-key.js';
import { readPrivateFile } from './private-file.js';
import { sealStore } from './store-format.js';

export interface RotationResult {
  path: string;
  oldKeyId: string;
  newKeyId: string;
  entries: number;
}

/**
 * A new master key and every entry re-encrypted under it. Stage the key, replace the store, promote the key:
 * a failure at any step leaves the old store and the old key in place (the store is put back if the key
 * cannot be promoted), and a crash between the last two leaves a staged key that reads still find.
 */
export async function rotateMasterKey(options: KeyStoreOptions): Promise<RotationResult | undefined> {
  return locked(options, () => {
    if (readPrivateFile(options.path, 'key store') === undefined) return undefined;
    const store = openForWrite(options);
    if (!store.pair) {
      throw new KeyStoreError(`the master key comes from PAYREADY_ENCRYPTION_KEY, which payready cannot rotate`, {
        hint: 'rotate it yourself: keep the old value, set the keys again under the new one with `payready keys set`',
      });
    }
    const { primary, pending } = store.pair;
    const newKey = lazyCrypto().randomBytes(MASTER_KEY_BYTES);
    const sealed = sealStore(store.entries, newKey, primary.source);
    const quietly = (action: () => void) => {
      try {
        action();
      } catch {
        // Best effort: a leftover staged key that matches no store is ignored.
      }
    };
    try {
      pending.write(newKey);
      writeStore(options, sealed);
    } catch (error) {
      quietly(() => pending.remove());
      throw rotationFailed(options.path, error);
    }
    try {
      primary.write(newKey);
    } catch (error) {
      try {
        writeStore(options, store.raw!);
        pending.remove();
      } catch {
        throw rotationFailed(options.path, error, `the store now uses the new key, kept in ${pending.label}`);
      }
      throw rotationFailed(options.path, error);
    }
    quietly(() => pending.remove());
    return { path: options.path, oldKeyId: store.keyId, newKeyId: keyFingerprint(newKey), entries: store.entries.size };
  });
}

function rotationFailed(
  path: string,
  cause: unknown,
  outcome = 'the store and the old key are unchanged',
): KeyStoreError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new KeyStoreError(`could not rotate the master key of ${path}: ${reason}; ${outcome}`, { file: path, cause });
}
