import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyResolver } from './key-resolver.js';
import { KeyStoreError } from './key-store-error.js';
import { setStoredKey } from './key-store.js';
import { tempStore } from './test-store.js';

let store: ReturnType<typeof tempStore>;
beforeEach(async () => {
  store = tempStore();
  await setStoredKey(store, 'anthropic', 'sk-ant-from-store');
  await setStoredKey(store, 'brave', 'BSA-from-store');
  await setStoredKey(store, 'custom', 'custom-from-store');
});
afterEach(() => store.cleanup());

const resolver = (env: Record<string, string | undefined> = {}) =>
  createKeyResolver({ env: { ...store.env, ...env }, paths: { configDir: store.configDir }, keyring: false });

describe('createKeyResolver', () => {
  it('prefers the environment over the store', () => {
    const resolve = resolver({ ANTHROPIC_API_KEY: 'sk-ant-from-env' });
    expect(resolve(['ANTHROPIC_API_KEY'])).toEqual({ value: 'sk-ant-from-env', source: 'env:ANTHROPIC_API_KEY' });
    expect(resolve(['anthropic'])).toEqual({ value: 'sk-ant-from-env', source: 'env:ANTHROPIC_API_KEY' });
  });

  it('searches the environment for every name before the store', () => {
    const resolve = resolver({ CLAUDE_API_KEY: 'from-env' });
    expect(resolve(['ANTHROPIC_API_KEY', 'CLAUDE_API_KEY'])).toEqual({
      value: 'from-env',
      source: 'env:CLAUDE_API_KEY',
    });
  });

  it('falls back to the store, by key name or by variable name', () => {
    const resolve = resolver({ ANTHROPIC_API_KEY: '' });
    expect(resolve(['ANTHROPIC_API_KEY'])).toEqual({ value: 'sk-ant-from-store', source: 'store:anthropic' });
    expect(resolve(['brave'])).toEqual({ value: 'BSA-from-store', source: 'store:brave' });
    expect(resolve(['CUSTOM_API_KEY'])).toEqual({ value: 'custom-from-store', source: 'store:custom' });
    expect(resolve(['OPENAI_API_KEY'])).toBeUndefined();
    expect(resolve(['SOME_UNSET_VARIABLE'])).toBeUndefined();
  });

  it('does not read the store while the environment answers', () => {
    writeFileSync(store.path, 'garbage');
    const resolve = resolver({ ANTHROPIC_API_KEY: 'sk-env' });
    expect(resolve(['ANTHROPIC_API_KEY'])?.source).toBe('env:ANTHROPIC_API_KEY');
    expect(resolve(['SOME_UNSET_VARIABLE'])).toBeUndefined();
  });

  it('reads the store once', () => {
    const resolve = resolver();
    expect(resolve(['anthropic'])?.value).toBe('sk-ant-from-store');
    rmSync(store.path);
    expect(resolve(['brave'])?.value).toBe('BSA-from-store');
  });

  it('surfaces a store that cannot be opened as a KeyStoreError (exit 2) naming the file, on every lookup', () => {
    const resolve = resolver({ PAYREADY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('hex') });
    for (let attempt = 0; attempt < 2; attempt++) {
      let error: unknown;
      try {
        resolve(['OPENAI_API_KEY']);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(KeyStoreError);
      expect(error).toMatchObject({ exitCode: 2, file: store.path, message: expect.stringContaining(store.path) });
    }
  });

  it('answers undefined when there is no store', () => {
    rmSync(store.path);
    expect(resolver()(['anthropic'])).toBeUndefined();
  });

  it('honours security.key_store', async () => {
    const resolve = createKeyResolver({
      env: store.env,
      paths: { configDir: store.configDir },
      storePath: 'other.enc',
      keyring: false,
    });
    await setStoredKey({ ...store, path: `${store.configDir}/other.enc` }, 'openai', 'sk-other');
    expect(resolve(['openai'])).toEqual({ value: 'sk-other', source: 'store:openai' });
  });
});
