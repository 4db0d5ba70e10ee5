import { lazyChildProcess } from '@payready/shared';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

export const KEYRING_SERVICE = 'payready';

export interface KeyringOptions {
  env: Env;
  /** How long one keyring call may take before payready gives up on the keyring. Default 2000 ms. */
  timeoutMs?: number;
  /** Module to load instead of @napi-rs/keyring (tests). */
  modulePath?: string;
}

// A variable, not a literal, so that esbuild leaves the native binding out of the CLI bundle.
const KEYRING_PACKAGE = '@napi-rs/keyring';

// Runs in a child process because the binding is synchronous and can block for good: a locked desktop keyring
// waits for an unlock prompt, a half-configured D-Bus waits for its reply. spawnSync's timeout kills the child;
// a worker thread stuck in native code could not be killed and would hold the process open on exit.
// On Linux the Secret Service is required: the kernel keyutils fallback forgets its keys on reboot, which
// would orphan the store.
const CHILD_SOURCE = `
const [modulePath, op, service, account] = process.argv.slice(1);
const reply = (value) => process.stdout.write(JSON.stringify(value));
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  try {
    const { Entry } = require(modulePath);
    const entry = new Entry(service, account, process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
    if (op === 'get') reply({ ok: true, value: entry.getPassword() });
    else if (op === 'set') { entry.setPassword(input); reply({ ok: true }); }
    else reply({ ok: true, value: String(entry.deletePassword()) });
  } catch (error) {
    reply({ ok: false, error: String(error && error.message) });
  }
});`;

function keyringModule(options: KeyringOptions): string | undefined {
  if (options.modulePath) return options.modulePath;
  try {
    return createRequire(import.meta.url).resolve(KEYRING_PACKAGE);
  } catch {
    return undefined;
  }
}

/**
 * Whether an OS keyring could answer, decided without spawning anything where possible: on Linux a Secret
 * Service needs a D-Bus session bus, which headless machines, containers and CI lack.
 */
export function keyringReachable(options: KeyringOptions): boolean {
  if (process.platform === 'linux' && !options.modulePath) {
    const runtimeDir = options.env.XDG_RUNTIME_DIR;
    const bus =
      Boolean(options.env.DBUS_SESSION_BUS_ADDRESS) ||
      (runtimeDir !== undefined && existsSync(join(runtimeDir, 'bus')));
    if (!bus) return false;
  }
  return keyringModule(options) !== undefined;
}

// The child needs the session (D-Bus address, HOME, PATH, Windows profile variables) but not the credentials.
function childEnv(env: Env): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !/(?:_API_KEY|_TOKEN|_SECRET|^PAYREADY_ENCRYPTION_KEY)$/.test(name))
      result[name] = value;
  }
  return result;
}

function call(
  op: 'get' | 'set' | 'delete',
  account: string,
  options: KeyringOptions,
  input = '',
): string | null | undefined {
  const modulePath = keyringModule(options);
  if (modulePath === undefined || !keyringReachable(options)) return undefined;
  const result = lazyChildProcess().spawnSync(
    process.execPath,
    ['-e', CHILD_SOURCE, modulePath, op, KEYRING_SERVICE, account],
    {
      input,
      encoding: 'utf8',
      env: childEnv(options.env),
      timeout: options.timeoutMs ?? 2000,
      killSignal: 'SIGKILL',
      windowsHide: true,
    },
  );
  if (result.error || result.status !== 0) return undefined;
  try {
    const reply = JSON.parse(result.stdout) as { ok: boolean; value?: string | null };
    return reply.ok ? (reply.value ?? null) : undefined;
  } catch {
    return undefined;
  }
}

/** The stored password, or undefined when there is none or no keyring answered in time. Never throws. */
export function keyringGet(account: string, options: KeyringOptions): string | undefined {
  return call('get', account, options) ?? undefined;
}

/** True when the keyring took the value. Never throws. */
export function keyringSet(account: string, value: string, options: KeyringOptions): boolean {
  return call('set', account, options, value) === null;
}

export function keyringDelete(account: string, options: KeyringOptions): void {
  call('delete', account, options);
}
