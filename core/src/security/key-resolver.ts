import { rememberSecret } from '@payready/shared';
import { envVarForKey, isKeyName, keyNameForEnvVar } from './key-names.js';
import { readKeyStore, resolveKeyStorePath, type KeyStoreOptions } from './key-store.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ResolvedKey {
  value: string;
  /** `env:ANTHROPIC_API_KEY` or `store:anthropic`. Safe to log; the value is not. */
  source: string;
}

export type KeyResolver = (names: readonly string[]) => ResolvedKey | undefined;

export interface KeyResolverOptions {
  env: Env;
  /** Only `configDir` is used (AgentPaths and XdgPaths both fit). */
  paths: { readonly configDir: string };
  /** Config `security.key_store`. */
  storePath?: string;
  /** Config `security.keyring`; default true. */
  keyring?: boolean;
  keyringTimeoutMs?: number;
}

/**
 * `AgentEnvironment.resolveKey`. Each name may be a key name (`anthropic`) or an environment variable
 * (`ANTHROPIC_API_KEY`); the environment is searched for all of them before the store. The store is read and
 * decrypted lazily, on the first lookup the environment cannot answer, and once per resolver (make one per
 * process): a store that cannot be opened throws its KeyStoreError (exit 2) on that lookup and every later one.
 */
export function createKeyResolver(options: KeyResolverOptions): KeyResolver {
  const { env } = options;
  const storeOptions: KeyStoreOptions = {
    path: resolveKeyStorePath({ configDir: options.paths.configDir, storePath: options.storePath, env }),
    configDir: options.paths.configDir,
    env,
    ...(options.keyring === undefined ? {} : { keyring: options.keyring }),
    ...(options.keyringTimeoutMs === undefined ? {} : { keyringTimeoutMs: options.keyringTimeoutMs }),
  };
  let store: { entries: ReadonlyMap<string, string> } | { error: unknown } | undefined;
  const storeEntries = (): ReadonlyMap<string, string> => {
    if (store === undefined) {
      try {
        store = { entries: readKeyStore(storeOptions)?.entries ?? new Map() };
      } catch (error) {
        store = { error };
      }
    }
    if ('error' in store) throw store.error;
    return store.entries;
  };

  // Every value handed out joins the process's redaction set: a store key is named by no variable, so
  // nothing else would know to scrub it from errors, logs and spans.
  const resolved = (value: string, source: string): ResolvedKey => {
    rememberSecret(value);
    return { value, source };
  };
  return (names) => {
    for (const name of names) {
      const variable = isKeyName(name) ? envVarForKey(name) : name;
      const value = env[variable];
      if (value) return resolved(value, `env:${variable}`);
    }
    const keyNames = names
      .map((name) => (isKeyName(name) ? name : keyNameForEnvVar(name)))
      .filter((name) => name !== undefined);
    if (keyNames.length === 0) return undefined;
    const entries = storeEntries();
    for (const name of keyNames) {
      const value = entries.get(name);
      if (value) return resolved(value, `store:${name}`);
    }
    return undefined;
  };
}
