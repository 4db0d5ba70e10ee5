import { lazyCrypto } from '@payready/shared';
import { KeyStoreError } from './key-store-error.js';

export const MASTER_KEY_ENV = 'PAYREADY_ENCRYPTION_KEY';
export const MASTER_KEY_BYTES = 32;

/** Where a master key lives. Recorded in the store as a hint of where to look first. */
export type MasterKeySource = 'env' | 'keyring' | 'file';

/**
 * A 32-byte key written as hex (64 characters) or base64 / base64url (43–44 characters). Anything else is an
 * error that says what was expected and how long the input was, never what it was.
 */
export function parseMasterKey(text: string, origin: { label: string; file?: string }): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]+$/.test(trimmed) && trimmed.length === MASTER_KEY_BYTES * 2) {
    key = Buffer.from(trimmed, 'hex');
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const decoded = Buffer.from(trimmed, 'base64');
    if (decoded.length === MASTER_KEY_BYTES) key = decoded;
  }
  if (key) return key;
  throw new KeyStoreError(
    `${origin.label} does not hold a ${MASTER_KEY_BYTES}-byte key (expected 64 hex or 44 base64 characters, got ${trimmed.length} characters)`,
    {
      ...(origin.file === undefined ? {} : { file: origin.file }),
      hint: 'generate one with `openssl rand -base64 32`',
    },
  );
}

/** The key id stored next to the entries: first 8 bytes of SHA-256 of the master key, hex. */
export function keyFingerprint(key: Uint8Array): string {
  return lazyCrypto().createHash('sha256').update(key).digest().subarray(0, 8).toString('hex');
}

/** How a master key file holds its key: base64 and a newline, so it can be pasted into PAYREADY_ENCRYPTION_KEY. */
export function formatMasterKey(key: Uint8Array): string {
  return `${Buffer.from(key).toString('base64')}\n`;
}
