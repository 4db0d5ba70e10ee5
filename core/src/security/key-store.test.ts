import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '@payready/shared';
import { readKeyStore, removeStoredKey, setStoredKey, type KeyStoreOptions } from './key-store.js';
import { rotateMasterKey } from './rotate-master-key.js';
import { keyFingerprint } from './master-key.js';
import { bytesOf, tempStore } from './test-store.js';

const stores: Array<{ cleanup(): void }> = [];
const fresh = (overrides: Partial<KeyStoreOptions> = {}) => {
  const store = tempStore(overrides);
  stores.push(store);
  return store;
};
afterEach(() => stores.splice(0).forEach((store) => store.cleanup()));

const masterKeyPath = (store: KeyStoreOptions) => join(store.configDir, 'master.key');

describe('key store round trip', () => {
  it('stores, reads back and removes entries; files 0600, directory 0700', async () => {
    const store = fresh();
    await setStoredKey(store, 'anthropic', 'sk-ant-one');
    await setStoredKey(store, 'openai', 'sk-two ünïcödé');
    await setStoredKey(store, 'anthropic', 'sk-ant-replaced');
    expect(readKeyStore(store)?.entries).toEqual(
      new Map([
        ['anthropic', 'sk-ant-replaced'],
        ['openai', 'sk-two ünïcödé'],
      ]),
    );
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(masterKeyPath(store)).mode & 0o777).toBe(0o600);
    expect(statSync(store.configDir).mode & 0o777).toBe(0o700);

    expect(await removeStoredKey(store, 'openai')).toEqual({ removed: true, names: ['anthropic'] });
    expect(await removeStoredKey(store, 'openai')).toEqual({ removed: false, names: ['anthropic'] });
    expect([...readKeyStore(store)!.entries.keys()]).toEqual(['anthropic']);
  });

  it('writes a versioned document: key id, fresh nonce per entry and per write, no plaintext', async () => {
    const store = fresh();
    await setStoredKey(store, 'brave', 'BSA-secret-value');
    await setStoredKey(store, 'tavily', 'tvly-secret-value');
    const first = JSON.parse(readFileSync(store.path, 'utf8'));
    const masterKey = Buffer.from(readFileSync(masterKeyPath(store), 'utf8').trim(), 'base64');
    expect(first).toMatchObject({
      version: 1,
      cipher: 'aes-256-gcm',
      kdf: { name: 'hkdf-sha256' },
      keyId: keyFingerprint(masterKey),
      keySource: 'file',
    });
    expect(Buffer.from(first.entries.brave.nonce, 'base64')).toHaveLength(12);
    expect(first.entries.brave.nonce).not.toBe(first.entries.tavily.nonce);
    await setStoredKey(store, 'brave', 'BSA-secret-value');
    const second = JSON.parse(readFileSync(store.path, 'utf8'));
    expect(second.entries.brave.nonce).not.toBe(first.entries.brave.nonce);
    expect(readFileSync(store.path, 'utf8')).not.toContain('secret-value');
  });

  it('creates master.key once and never replaces it', async () => {
    const store = fresh();
    await setStoredKey(store, 'anthropic', 'a');
    const key = readFileSync(masterKeyPath(store));
    await setStoredKey(store, 'openai', 'b');
    await removeStoredKey(store, 'openai');
    expect(readFileSync(masterKeyPath(store))).toEqual(key);
  });

  it('uses PAYREADY_ENCRYPTION_KEY (hex or base64) and then writes no key file', async () => {
    const key = Buffer.alloc(32, 7);
    const store = fresh({ env: { PAYREADY_ENCRYPTION_KEY: key.toString('hex') } });
    await setStoredKey(store, 'anthropic', 'value');
    expect(existsSync(masterKeyPath(store))).toBe(false);
    expect(
      readKeyStore({ ...store, env: { PAYREADY_ENCRYPTION_KEY: key.toString('base64') } })?.entries.get('anthropic'),
    ).toBe('value');
    expect(readKeyStore(store)?.keySource).toBe('env');
  });

  it('reads nothing and creates nothing when there is no store', async () => {
    const store = fresh();
    expect(readKeyStore(store)).toBeUndefined();
    expect(await rotateMasterKey(store)).toBeUndefined();
    expect(existsSync(masterKeyPath(store))).toBe(false);
  });
});

describe('rotateMasterKey', () => {
  it('re-encrypts every entry under a new key and replaces master.key', async () => {
    const store = fresh();
    await setStoredKey(store, 'anthropic', 'a-value');
    await setStoredKey(store, 'openai', 'o-value');
    const before = readKeyStore(store)!;
    const oldKey = readFileSync(masterKeyPath(store), 'utf8');
    const result = await rotateMasterKey(store);
    expect(result).toMatchObject({ oldKeyId: before.keyId, entries: 2 });
    expect(result!.newKeyId).not.toBe(before.keyId);
    const after = readKeyStore(store)!;
    expect(after.keyId).toBe(result!.newKeyId);
    expect(after.entries).toEqual(before.entries);
    expect(readFileSync(masterKeyPath(store), 'utf8')).not.toBe(oldKey);
    expect(existsSync(`${masterKeyPath(store)}.new`)).toBe(false);
  });

  for (const failing of ['store', 'master.key'] as const) {
    it(`leaves the old store and old key usable when writing the ${failing} fails`, async () => {
      const store = fresh();
      await setStoredKey(store, 'anthropic', 'a-value');
      const storeBytes = bytesOf(store.path);
      const keyBytes = bytesOf(masterKeyPath(store));
      const target = failing === 'store' ? store.path : masterKeyPath(store);
      const writeFile = (path: string, data: string | Uint8Array) => {
        if (path === target) throw new Error('disk full (injected)');
        writeFileAtomic(path, data);
      };
      await expect(rotateMasterKey({ ...store, writeFile })).rejects.toMatchObject({
        name: 'KeyStoreError',
        exitCode: 2,
        message: expect.stringContaining('the store and the old key are unchanged'),
      });
      expect(bytesOf(store.path)).toEqual(storeBytes);
      expect(bytesOf(masterKeyPath(store))).toEqual(keyBytes);
      expect(existsSync(`${masterKeyPath(store)}.new`)).toBe(false);
      expect(readKeyStore(store)?.entries.get('anthropic')).toBe('a-value');
      await setStoredKey(store, 'openai', 'still-works');
      expect(readKeyStore(store)?.entries.size).toBe(2);
    });
  }

  it('recovers from a crash between replacing the store and promoting the key', async () => {
    const store = fresh();
    await setStoredKey(store, 'anthropic', 'a-value');
    // The key cannot be promoted and the old store cannot be put back: what a crash at that point leaves.
    let storeWrites = 0;
    const writeFile = (path: string, data: string | Uint8Array) => {
      if (path === masterKeyPath(store) || (path === store.path && ++storeWrites > 1)) throw new Error('crash');
      writeFileAtomic(path, data);
    };
    await expect(rotateMasterKey({ ...store, writeFile })).rejects.toThrow(/the store now uses the new key/);
    expect(existsSync(`${masterKeyPath(store)}.new`)).toBe(true);
    expect(readKeyStore(store)?.entries.get('anthropic')).toBe('a-value');
    await setStoredKey(store, 'openai', 'o-value');
    expect(existsSync(`${masterKeyPath(store)}.new`)).toBe(false);
    expect(readKeyStore(store)?.entries.size).toBe(2);
  });

  it('refuses to rotate a key it does not own (PAYREADY_ENCRYPTION_KEY)', async () => {
    const store = fresh({ env: { PAYREADY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') } });
    await setStoredKey(store, 'anthropic', 'a');
    const before = bytesOf(store.path);
    await expect(rotateMasterKey(store)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/cannot rotate/),
    });
    expect(bytesOf(store.path)).toEqual(before);
  });
});
