import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyStoreError } from './key-store-error.js';
import { readKeyStore, setStoredKey, type KeyStoreOptions } from './key-store.js';
import { rotateMasterKey } from './rotate-master-key.js';
import { bytesOf, tempStore } from './test-store.js';

let store: ReturnType<typeof tempStore>;
let original: Buffer;
const masterKeyPath = () => join(store.configDir, 'master.key');

beforeEach(async () => {
  store = tempStore();
  await setStoredKey(store, 'anthropic', 'sk-ant-value');
  await setStoredKey(store, 'openai', 'sk-openai-value');
  original = bytesOf(store.path);
});
afterEach(() => store.cleanup());

/** Every operation fails with a KeyStoreError (exit 2) matching `message`, and the store's bytes stay as they were. */
async function expectRefused(message: RegExp, options: KeyStoreOptions = store): Promise<void> {
  const before = existsSync(options.path) ? bytesOf(options.path) : undefined;
  const attempts: Array<() => unknown> = [
    () => readKeyStore(options),
    () => setStoredKey(options, 'brave', 'BSA-new'),
    () => rotateMasterKey(options),
  ];
  for (const attempt of attempts) {
    const error = await Promise.resolve()
      .then(attempt)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(KeyStoreError);
    expect((error as KeyStoreError).exitCode).toBe(2);
    expect((error as KeyStoreError).message).toMatch(message);
    expect(existsSync(options.path) ? bytesOf(options.path) : undefined).toEqual(before);
  }
}

describe('bad input: each a clear error, exit 2, store untouched', () => {
  it('wrong master key in PAYREADY_ENCRYPTION_KEY', async () => {
    await expectRefused(
      /the master key does not match this store \(.*keys\.enc was written with key id [0-9a-f]{16}; PAYREADY_ENCRYPTION_KEY has key id/,
      {
        ...store,
        env: { PAYREADY_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64') },
      },
    );
  });

  it('wrong master key in master.key', async () => {
    writeFileSync(masterKeyPath(), `${Buffer.alloc(32, 3).toString('base64')}\n`, { mode: 0o600 });
    await expectRefused(/the master key does not match this store .*master key file .*master\.key has key id/);
  });

  it('master key gone: an error, never a fresh key for an existing store', async () => {
    rmSync(masterKeyPath());
    await expectRefused(/no master key found for key store .*key id [0-9a-f]{16}/);
    expect(existsSync(masterKeyPath())).toBe(false);
  });

  it('a changed byte anywhere in the store', async () => {
    for (let offset = 0; offset < original.length; offset++) {
      const tampered = Buffer.from(original);
      tampered[offset] = tampered[offset]! ^ (tampered[offset] === 0x20 ? 0x2a : 0x01);
      writeFileSync(store.path, tampered);
      let error: unknown;
      try {
        readKeyStore(store);
      } catch (caught) {
        error = caught;
      }
      expect(error, `byte ${offset}`).toBeInstanceOf(KeyStoreError);
      expect((error as KeyStoreError).message).toMatch(/key store .*keys\.enc is damaged|master key does not match/);
      expect(bytesOf(store.path)).toEqual(tampered);
    }
    // And through the write paths, for a few positions.
    for (const offset of [0, 40, Math.floor(original.length / 2), original.length - 30, original.length - 1]) {
      const tampered = Buffer.from(original);
      tampered[offset] = tampered[offset]! ^ 0x01;
      writeFileSync(store.path, tampered);
      await expectRefused(/is damaged|does not match/);
    }
  }, 60_000);

  it('entries swapped between names (the name is bound to its ciphertext)', async () => {
    const document = JSON.parse(original.toString('utf8'));
    [document.entries.anthropic, document.entries.openai] = [document.entries.openai, document.entries.anthropic];
    writeFileSync(store.path, `${JSON.stringify(document, null, 2)}\n`);
    await expectRefused(/is damaged: its integrity check failed/);
  });

  it('a truncated store', async () => {
    for (const length of [0, 1, 20, Math.floor(original.length / 2), original.length - 2, original.length - 1]) {
      writeFileSync(store.path, original.subarray(0, length));
      await expectRefused(/is damaged: (it is empty|it is not valid JSON|it was modified outside payready)/);
    }
  });

  it('an unknown format version', async () => {
    writeFileSync(store.path, original.toString('utf8').replace('"version": 1', '"version": 2'));
    await expectRefused(/unknown format version 2 \(this payready reads version 1\)/);
  });

  it('a master key file of the wrong length', async () => {
    writeFileSync(masterKeyPath(), `${Buffer.alloc(16, 1).toString('base64')}\n`, { mode: 0o600 });
    await expectRefused(
      /master key file .*master\.key does not hold a 32-byte key \(expected 64 hex or 44 base64 characters, got 24 characters\)/,
    );
  });

  it('a PAYREADY_ENCRYPTION_KEY of the wrong length, without echoing it', async () => {
    const value = 'not-a-key-but-secret-looking';
    const error = (() => {
      try {
        readKeyStore({ ...store, env: { PAYREADY_ENCRYPTION_KEY: value } });
      } catch (caught) {
        return caught as KeyStoreError;
      }
    })();
    expect(error?.message).toMatch(/PAYREADY_ENCRYPTION_KEY does not hold a 32-byte key .*got 28 characters/);
    expect(error?.message).not.toContain(value);
    expect(bytesOf(store.path)).toEqual(original);
  });

  it('permissions too open on the store', async () => {
    for (const mode of [0o644, 0o640, 0o604, 0o620]) {
      chmodSync(store.path, mode);
      await expectRefused(
        new RegExp(`key store .*keys\\.enc is accessible by group or others \\(mode 0${mode.toString(8)}\\)`),
      );
    }
  });

  it('permissions too open on master.key', async () => {
    chmodSync(masterKeyPath(), 0o644);
    await expectRefused(/master key file .*master\.key is accessible by group or others \(mode 0644\)/);
  });
});
