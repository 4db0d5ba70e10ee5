import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIO } from '../../capture-io.js';
import { keysList } from './list.js';
import { keysRm } from './rm.js';
import { keysRotate } from './rotate.js';
import { keysSet } from './set.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'payready-keys-cli-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const location = () => ({ storePath: join(root, 'config', 'payready', 'keys.enc'), keyring: false });

function fakeIO(options: { input?: string; tty?: boolean; env?: Record<string, string> } = {}) {
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  if (options.input !== undefined && !options.tty) stdin.end(options.input);
  const env = { HOME: root, XDG_CONFIG_HOME: join(root, 'config'), ...options.env };
  return { ...captureIO({ env, cwd: root, stdin }), stdin };
}

describe('payready keys', () => {
  it('set reads stdin (one trailing newline dropped), list masks, rm removes', async () => {
    const secret = 'sk-ant-api03-abcdefghijklmnop-a1b2';
    const set = fakeIO({ input: `${secret}\n` });
    expect(await keysSet({ name: 'anthropic', ...location() }, set.io)).toBe(0);
    expect(set.text.stderr).toContain('stored anthropic in');
    expect(set.text.stdout).toBe('');

    const list = fakeIO({ env: { OPENAI_API_KEY: 'sk-openai-from-env-9z8y' } });
    expect(await keysList({ ...location() }, list.io)).toBe(0);
    expect(list.text.stdout).toBe('anthropic  …a1b2  store\nopenai     …9z8y  env:OPENAI_API_KEY\n');

    const json = fakeIO({ env: { ANTHROPIC_API_KEY: 'sk-ant-env-value-zzzz' } });
    await keysList({ json: true, ...location() }, json.io);
    const parsed = JSON.parse(json.text.stdout);
    expect(parsed.keys).toEqual([
      { name: 'anthropic', source: 'env', variable: 'ANTHROPIC_API_KEY', tail: '…zzzz', active: true },
      { name: 'anthropic', source: 'store', variable: 'ANTHROPIC_API_KEY', tail: '…a1b2', active: false },
    ]);
    expect(json.text.stdout + list.text.stdout).not.toContain(secret.slice(0, -4));

    const rm = fakeIO();
    expect(await keysRm({ name: 'anthropic', ...location() }, rm.io)).toBe(0);
    const after = fakeIO();
    await keysList({ json: true, ...location() }, after.io);
    expect(JSON.parse(after.text.stdout).keys).toEqual([]);
  });

  it('prompts on a terminal without echoing what is typed', async () => {
    const { io, stdin, text } = fakeIO({ tty: true });
    const done = keysSet({ name: 'openai', ...location() }, io);
    stdin.write('sk-typed-secret-value\r');
    expect(await done).toBe(0);
    expect(text.stderr).toContain('openai key (OPENAI_API_KEY, input hidden): ');
    expect(text.stderr).not.toContain('sk-typed');
    const list = fakeIO();
    await keysList({ json: true, ...location() }, list.io);
    expect(JSON.parse(list.text.stdout).keys[0]).toMatchObject({ name: 'openai', tail: '…alue' });
  });

  it('refuses an empty value, a multi-line value and a bad name (exit 2)', async () => {
    await expect(keysSet({ name: 'openai', ...location() }, fakeIO({ input: '\n' }).io)).rejects.toMatchObject({
      exitCode: 2,
    });
    await expect(keysSet({ name: 'openai', ...location() }, fakeIO({ input: 'a\nb\n' }).io)).rejects.toThrow(
      /line break/,
    );
    await expect(keysSet({ name: 'OpenAI', ...location() }, fakeIO({ input: 'x' }).io)).rejects.toMatchObject({
      exitCode: 2,
    });
  });

  it('rm of a missing key suggests the nearest name', async () => {
    await keysSet({ name: 'tavily', ...location() }, fakeIO({ input: 'tvly-abc' }).io);
    await expect(keysRm({ name: 'tavly', ...location() }, fakeIO().io)).rejects.toMatchObject({
      exitCode: 2,
      hint: 'did you mean tavily?',
    });
  });

  it('takes the store location from the config (security.key_store)', async () => {
    const repoRoot = join(import.meta.dirname, '../../../../..');
    const { io } = fakeIO({ input: 'sk-value-from-config-test' });
    const configured = {
      ...io,
      assetsDir: repoRoot,
      env: {
        ...io.env,
        PAYREADY_SECURITY__KEY_STORE: join(root, 'elsewhere.enc'),
        PAYREADY_SECURITY__KEYRING: 'false',
      },
    };
    expect(await keysSet({ name: 'groq' }, configured)).toBe(0);
    expect(readFileSync(join(root, 'elsewhere.enc'), 'utf8')).toContain('"groq"');
  });

  it('rotate re-encrypts and reports key ids; without a store it has nothing to do', async () => {
    const empty = fakeIO();
    expect(await keysRotate({ ...location() }, empty.io)).toBe(0);
    expect(empty.text.stderr).toContain('nothing to rotate');

    await keysSet({ name: 'brave', ...location() }, fakeIO({ input: 'BSA-brave-key-value-1234' }).io);
    const before = readFileSync(location().storePath);
    const rotate = fakeIO();
    expect(await keysRotate({ ...location() }, rotate.io)).toBe(0);
    expect(rotate.text.stderr).toMatch(/rotated the master key \([0-9a-f]{16} → [0-9a-f]{16}\); 1 entry re-encrypted/);
    expect(readFileSync(location().storePath)).not.toEqual(before);
    const list = fakeIO();
    await keysList({ ...location() }, list.io);
    expect(list.text.stdout).toBe('brave  …1234  store\n');
  });
});
