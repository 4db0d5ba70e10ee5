import { homedir } from 'node:os';
import { join } from 'node:path';

export interface XdgPaths {
  /** `$XDG_CONFIG_HOME/payready` (default ~/.config/payready) */
  configDir: string;
  /** `$XDG_CACHE_HOME/payready` (default ~/.cache/payready) */
  cacheDir: string;
  /** `$XDG_DATA_HOME/payready` (default ~/.local/share/payready) */
  dataDir: string;
  /** `$XDG_STATE_HOME/payready` (default ~/.local/state/payready) */
  stateDir: string;
}

type Env = Readonly<Record<string, string | undefined>>;

// The XDG spec says a relative value must be ignored, as if unset.
function base(env: Env, variable: string, fallback: string[]): string {
  const value = env[variable];
  if (value && value.startsWith('/')) return value;
  return join(env.HOME || homedir(), ...fallback);
}

export function xdgPaths(env: Env = process.env): XdgPaths {
  return {
    configDir: join(base(env, 'XDG_CONFIG_HOME', ['.config']), 'payready'),
    cacheDir: join(base(env, 'XDG_CACHE_HOME', ['.cache']), 'payready'),
    dataDir: join(base(env, 'XDG_DATA_HOME', ['.local', 'share']), 'payready'),
    stateDir: join(base(env, 'XDG_STATE_HOME', ['.local', 'state']), 'payready'),
  };
}
