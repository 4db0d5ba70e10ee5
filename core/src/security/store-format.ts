import { lazyCrypto } from '@payready/shared';
import { isKeyName } from './key-names.js';
import { keyFingerprint, type MasterKeySource } from './master-key.js';
import {
  damaged,
  parseStoreDocument,
  STORE_FORMAT_VERSION,
  type SealedEntry,
  type StoreDocument,
} from './store-schema.js';

export { STORE_FORMAT_VERSION };
export type { SealedEntry, StoreDocument };

const NONCE_BYTES = 12;
const SALT_BYTES = 16;

function subkeys(masterKey: Uint8Array, salt: Uint8Array): { encryption: Buffer; mac: Buffer } {
  const derive = (purpose: string) =>
    Buffer.from(lazyCrypto().hkdfSync('sha256', masterKey, salt, `payready keys.enc v1 ${purpose}`, 32));
  return { encryption: derive('encryption'), mac: derive('mac') };
}

const aad = (name: string) => Buffer.from(`payready keys.enc v1 entry ${name}`);

// Fixed field order: the file is compared byte for byte with this serialisation when read.
function unsignedBody(document: Omit<StoreDocument, 'mac'>): string {
  const { version, cipher, kdf, keyId, keySource, entries } = document;
  return JSON.stringify({ version, cipher, kdf: { name: kdf.name, salt: kdf.salt }, keyId, keySource, entries });
}

function macOf(macKey: Buffer, document: Omit<StoreDocument, 'mac'>): Buffer {
  return lazyCrypto().createHmac('sha256', macKey).update(unsignedBody(document)).digest();
}

export function serializeStore(document: StoreDocument): string {
  const { version, cipher, kdf, keyId, keySource, entries, mac } = document;
  const ordered = Object.fromEntries(
    Object.keys(entries)
      .sort()
      .map((name) => [
        name,
        { nonce: entries[name]!.nonce, ciphertext: entries[name]!.ciphertext, tag: entries[name]!.tag },
      ]),
  );
  return `${JSON.stringify({ version, cipher, kdf: { name: kdf.name, salt: kdf.salt }, keyId, keySource, entries: ordered, mac }, null, 2)}\n`;
}

/** The whole store file for `entries` under `masterKey`. */
export function sealStore(
  entries: ReadonlyMap<string, string>,
  masterKey: Uint8Array,
  keySource: MasterKeySource,
): string {
  const salt = lazyCrypto().randomBytes(SALT_BYTES);
  const keys = subkeys(masterKey, salt);
  const sealed: Record<string, SealedEntry> = {};
  for (const name of [...entries.keys()].sort()) {
    if (!isKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}`);
    const nonce = lazyCrypto().randomBytes(NONCE_BYTES);
    const cipher = lazyCrypto().createCipheriv('aes-256-gcm', keys.encryption, nonce).setAAD(aad(name));
    const ciphertext = Buffer.concat([cipher.update(entries.get(name)!, 'utf8'), cipher.final()]);
    sealed[name] = {
      nonce: nonce.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }
  const body = {
    version: STORE_FORMAT_VERSION,
    cipher: 'aes-256-gcm',
    kdf: { name: 'hkdf-sha256', salt: salt.toString('base64') },
    keyId: keyFingerprint(masterKey),
    keySource,
    entries: sealed,
  } as const;
  return serializeStore({ ...body, mac: macOf(keys.mac, body).toString('base64') });
}

/** Checks structure, version and that the file is exactly what payready wrote; no key needed yet. */
export function parseStore(raw: Buffer, file: string): StoreDocument {
  const document = parseStoreDocument(raw, file);
  if (!Buffer.from(serializeStore(document)).equals(raw)) throw damaged(file, 'it was modified outside payready');
  return document;
}

/** The plaintext entries. `masterKey` must be the one `document.keyId` names (the caller checks). */
export function openStore(document: StoreDocument, masterKey: Uint8Array, file: string): Map<string, string> {
  const keys = subkeys(masterKey, Buffer.from(document.kdf.salt, 'base64'));
  const expected = macOf(keys.mac, document);
  if (!lazyCrypto().timingSafeEqual(expected, Buffer.from(document.mac, 'base64'))) {
    throw damaged(file, 'its integrity check failed (the file was changed after payready wrote it)');
  }
  const entries = new Map<string, string>();
  for (const [name, entry] of Object.entries(document.entries)) {
    try {
      const decipher = lazyCrypto()
        .createDecipheriv('aes-256-gcm', keys.encryption, Buffer.from(entry.nonce, 'base64'))
        .setAAD(aad(name))
        .setAuthTag(Buffer.from(entry.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(entry.ciphertext, 'base64')), decipher.final()]);
      entries.set(name, plain.toString('utf8'));
    } catch (error) {
      throw damaged(file, `entry ${name} does not decrypt`, error);
    }
  }
  return entries;
}
