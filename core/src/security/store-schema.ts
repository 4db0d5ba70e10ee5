import { KeyStoreError } from './key-store-error.js';
import { isKeyName } from './key-names.js';
import type { MasterKeySource } from './master-key.js';

export const STORE_FORMAT_VERSION = 1;

export interface SealedEntry {
  nonce: string;
  ciphertext: string;
  tag: string;
}

/**
 * keys.enc, version 1: entries sealed with AES-256-GCM (fresh 12-byte nonce each, the entry name bound as
 * associated data) under a key derived from the master key with HKDF-SHA256 and a per-write salt; an
 * HMAC-SHA256 (second derived key) over everything else, so that dropping or swapping entries shows too.
 * `keyId` names the master key, so a wrong one is reported as such rather than as a decryption failure.
 */
export interface StoreDocument {
  version: typeof STORE_FORMAT_VERSION;
  cipher: 'aes-256-gcm';
  kdf: { name: 'hkdf-sha256'; salt: string };
  keyId: string;
  keySource: MasterKeySource;
  entries: Record<string, SealedEntry>;
  mac: string;
}

export function damaged(file: string, reason: string, cause?: unknown): KeyStoreError {
  return new KeyStoreError(`key store ${file} is damaged: ${reason}`, {
    file,
    cause,
    hint: `restore it from a backup, or move it aside and set the keys again with \`payready keys set <name>\``,
  });
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Base64 that decodes and re-encodes to itself: Node's decoder skips junk characters silently. */
function isBase64(value: unknown, bytes?: number): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  const decoded = Buffer.from(value, 'base64');
  return decoded.toString('base64') === value && (bytes === undefined || decoded.length === bytes);
}

function parseEntry(value: unknown): SealedEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { nonce, ciphertext, tag } = value;
  if (!isBase64(nonce, 12) || !isBase64(ciphertext) || !isBase64(tag, 16)) return undefined;
  return { nonce, ciphertext, tag };
}

/** JSON, format version, then every field's type and size. The version comes first: a newer layout may differ. */
export function parseStoreDocument(raw: Buffer, file: string): StoreDocument {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw damaged(file, raw.length === 0 ? 'it is empty' : 'it is not valid JSON (truncated?)', error);
  }
  if (!isRecord(value)) throw damaged(file, 'it is not a key store');
  if (value.version !== STORE_FORMAT_VERSION) {
    const version = typeof value.version === 'number' ? String(value.version) : JSON.stringify(value.version ?? null);
    throw damaged(file, `unknown format version ${version} (this payready reads version ${STORE_FORMAT_VERSION})`);
  }
  const { cipher, kdf, keyId, keySource, entries, mac } = value;
  const bad = (field: string) => damaged(file, `field ${field} is missing or malformed`);
  if (cipher !== 'aes-256-gcm') throw bad('cipher');
  if (!isRecord(kdf) || kdf.name !== 'hkdf-sha256' || !isBase64(kdf.salt, 16)) throw bad('kdf');
  if (typeof keyId !== 'string' || !/^[0-9a-f]{16}$/.test(keyId)) throw bad('keyId');
  if (keySource !== 'env' && keySource !== 'keyring' && keySource !== 'file') throw bad('keySource');
  if (!isBase64(mac, 32)) throw bad('mac');
  if (!isRecord(entries)) throw bad('entries');
  const parsed: Record<string, SealedEntry> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const sealed = parseEntry(entry);
    if (!isKeyName(name) || !sealed) throw bad(`entries.${name}`);
    parsed[name] = sealed;
  }
  return {
    version: STORE_FORMAT_VERSION,
    cipher,
    kdf: { name: 'hkdf-sha256', salt: kdf.salt },
    keyId,
    keySource,
    entries: parsed,
    mac,
  };
}
