import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempHome {
  root: string;
  /** HOME and the four XDG variables pointing inside root, plus NO_COLOR: a user with nothing configured. */
  env: Record<string, string>;
  configDir: string;
  cacheDir: string;
  dataDir: string;
  stateDir: string;
  cleanup(): void;
}

/** A throwaway home directory so a test never reads or writes the real user's config, keys or cache. */
export function createTempHome(prefix = 'payready-test-'): TempHome {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dirs = {
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_CACHE_HOME: join(root, 'cache'),
    XDG_DATA_HOME: join(root, 'data'),
    XDG_STATE_HOME: join(root, 'state'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return {
    root,
    env: { HOME: root, ...dirs, NO_COLOR: '1' },
    configDir: join(dirs.XDG_CONFIG_HOME, 'payready'),
    cacheDir: join(dirs.XDG_CACHE_HOME, 'payready'),
    dataDir: join(dirs.XDG_DATA_HOME, 'payready'),
    stateDir: join(dirs.XDG_STATE_HOME, 'payready'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
