import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { keyringGet, keyringReachable } from './keyring.js';
import { readKeyStore, setStoredKey } from './key-store.js';
import { rotateMasterKey } from './rotate-master-key.js';
import { keyFingerprint } from './master-key.js';
import { tempStore } from './test-store.js';

// A stand-in for @napi-rs/keyring: passwords in a JSON file (each call runs in its own child process), or a
// binding that throws or never returns, as a locked or absent Secret Service can.
const fakeDir = mkdtempSync(join(tmpdir(), 'payready-fake-keyring-'));
const fakeModule = join(fakeDir, 'fake-keyring.cjs');
writeFileSync(
  fakeModule,
  `const fs = require('node:fs');
const file = process.env.FAKE_KEYRING_FILE;
const load = () => { try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return {}; } };
const save = (data) => fs.writeFileSync(file, JSON.stringify(data));
class Entry {
  constructor(service, account, options) {
    if (process.env.FAKE_KEYRING_MODE === 'hang') for (;;) {}
    if (process.env.FAKE_KEYRING_MODE === 'fail') throw new Error('no Secret Service');
    this.id = service + '/' + account;
    const data = load(); data.options = options; save(data);
  }
  getPassword() { return load()[this.id] ?? null; }
  setPassword(value) { const data = load(); data[this.id] = value; save(data); }
  deletePassword() { const data = load(); const had = this.id in data; delete data[this.id]; save(data); return had; }
}
module.exports = { Entry };
`,
);
afterAll(() => rmSync(fakeDir, { recursive: true, force: true }));

const stores: Array<{ cleanup(): void }> = [];
afterEach(() => stores.splice(0).forEach((store) => store.cleanup()));

function keyringStore(mode: 'ok' | 'hang' | 'fail') {
  // Only the hanging keyring needs a short timeout; a working one spawned on a loaded CI machine can take
  // seconds, and timing out there would make it look unreachable.
  const store = tempStore({
    keyring: true,
    keyringModule: fakeModule,
    keyringTimeoutMs: mode === 'hang' ? 1000 : 15_000,
  });
  const keyringFile = join(store.root, 'keyring.json');
  store.env = { ...store.env, FAKE_KEYRING_FILE: keyringFile, FAKE_KEYRING_MODE: mode };
  stores.push(store);
  const keyring = () => JSON.parse(readFileSync(keyringFile, 'utf8')) as Record<string, unknown>;
  return { store, keyring, masterKeyFile: join(store.configDir, 'master.key') };
}

describe('OS keyring', { timeout: 30_000 }, () => {
  it('keeps a new master key in the keyring (Secret Service pinned on Linux) and no key file', async () => {
    const { store, keyring, masterKeyFile } = keyringStore('ok');
    await setStoredKey(store, 'anthropic', 'a-value');
    const stored = keyring()['payready/master-key'] as string;
    expect(Buffer.from(stored, 'base64')).toHaveLength(32);
    expect(keyring().options).toEqual(process.platform === 'linux' ? { linux: { store: 'secret-service' } } : null);
    expect(existsSync(masterKeyFile)).toBe(false);
    const contents = readKeyStore(store)!;
    expect(contents).toMatchObject({ keySource: 'keyring', keyId: keyFingerprint(Buffer.from(stored, 'base64')) });
    expect(contents.entries.get('anthropic')).toBe('a-value');
  });

  it('rotates a keyring-held key: staged under master-key.next, then promoted', async () => {
    const { store, keyring } = keyringStore('ok');
    await setStoredKey(store, 'anthropic', 'a-value');
    const before = keyring()['payready/master-key'];
    const result = await rotateMasterKey(store);
    expect(keyring()['payready/master-key']).not.toBe(before);
    expect(keyring()).not.toHaveProperty(['payready/master-key.next']);
    expect(readKeyStore(store)).toMatchObject({ keyId: result!.newKeyId, keySource: 'keyring' });
  });

  for (const mode of ['hang', 'fail'] as const) {
    it(`falls through to master.key quietly when the keyring binding ${mode === 'hang' ? 'never returns' : 'throws'}`, async () => {
      const { store, masterKeyFile } = keyringStore(mode);
      store.keyringTimeoutMs = 300;
      await setStoredKey(store, 'anthropic', 'a-value');
      expect(existsSync(masterKeyFile)).toBe(true);
      expect(readKeyStore(store)).toMatchObject({ keySource: 'file' });
    });
  }

  it('never replaces a keyring-held key it cannot reach: the store then reports it missing', async () => {
    const { store } = keyringStore('ok');
    await setStoredKey(store, 'anthropic', 'a-value');
    const unreachable = { ...store, env: { ...store.env, FAKE_KEYRING_MODE: 'fail' } };
    await expect(setStoredKey(unreachable, 'openai', 'o')).rejects.toThrow(
      /no master key found .*kept in the OS keyring/,
    );
    expect(existsSync(join(store.configDir, 'master.key'))).toBe(false);
  });

  it('picks the key whose id matches the store, not the first one found', async () => {
    const { store } = keyringStore('ok');
    const fileOnly = { ...store, keyring: false };
    await setStoredKey(fileOnly, 'anthropic', 'from-file-key');
    await setStoredKey(store, 'openai', 'o');
    expect(existsSync(store.env.FAKE_KEYRING_FILE!)).toBe(false);
    writeFileSync(
      store.env.FAKE_KEYRING_FILE!,
      JSON.stringify({ 'payready/master-key': Buffer.alloc(32, 5).toString('base64') }),
    );
    expect(readKeyStore(store)?.entries.get('anthropic')).toBe('from-file-key');
  });

  it('uses the real binding without hanging when D-Bus is configured but absent', async () => {
    const store = tempStore({ keyring: true, keyringTimeoutMs: 1500 });
    stores.push(store);
    store.env = { ...store.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(store.root, 'no-bus')}` };
    expect(keyringGet('master-key', { env: store.env, timeoutMs: 1500 })).toBeUndefined();
    await setStoredKey(store, 'anthropic', 'a-value');
    expect(readKeyStore(store)).toMatchObject({ keySource: 'file' });
  });

  it.runIf(process.platform === 'linux')('does not spawn anything on Linux without a session bus', () => {
    expect(keyringReachable({ env: { HOME: '/nonexistent' } })).toBe(false);
  });
});
