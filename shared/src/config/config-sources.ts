import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { xdgPaths } from '../paths/xdg-paths.js';
import type { FileStamp, LoadConfigOptions } from './types.js';

export const PROJECT_FILE = '.payready.yaml';

/**
 * PAYREADY_* variables that are not config key paths and never become config values: PAYREADY_ENV picks the
 * built-in environment file, PAYREADY_CONFIG_DIR and PAYREADY_ENCRYPTION_KEY belong to the key store. Any
 * PAYREADY_ variable without a `__` is also ignored, since a config path always has at least two levels.
 */
export const NON_CONFIG_ENV_VARS: readonly string[] = [
  'PAYREADY_ENV',
  'PAYREADY_CONFIG_DIR',
  'PAYREADY_ENCRYPTION_KEY',
];

/** The files that may feed the configuration, before any is read. */
export interface ConfigSources {
  builtinDir: string;
  base: string;
  /** PAYREADY_ENV, when set and not empty. */
  envName?: string;
  /** `<builtinDir>/<envName>.yaml`; undefined when envName is not a plain name. */
  envFile?: string;
  user: string;
  /** `.payready.yaml` in cwd and each parent, up to the nearest one that exists. */
  projectCandidates: string[];
  /** The nearest existing project file. */
  project?: string;
  explicit?: string;
}

export function resolveSources(options: LoadConfigOptions): ConfigSources {
  const builtinDir = resolve(options.cwd, options.builtinDir);
  const envName = options.env.PAYREADY_ENV || undefined;
  const projectCandidates: string[] = [];
  let project: string | undefined;
  for (let dir = resolve(options.cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, PROJECT_FILE);
    projectCandidates.push(candidate);
    if (existsSync(candidate)) {
      project = candidate;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return {
    builtinDir,
    base: join(builtinDir, 'base.yaml'),
    envName,
    envFile:
      envName && /^[\w.-]+$/.test(envName) && !envName.startsWith('.')
        ? join(builtinDir, `${envName}.yaml`)
        : undefined,
    user: join(xdgPaths(options.env).configDir, 'config.yaml'),
    projectCandidates,
    project,
    explicit: options.file === undefined ? undefined : resolve(options.cwd, options.file),
  };
}

/** Every path whose appearance, change or removal can change the result (extends targets aside). */
export function candidatePaths(sources: ConfigSources): string[] {
  const paths = [sources.base, sources.envFile, sources.user, ...sources.projectCandidates, sources.explicit];
  return paths.filter((path): path is string => path !== undefined);
}

/**
 * Synchronous on purpose: every CLI run stamps each candidate file before it can use the compiled-config cache,
 * and a stat through the thread pool costs several times a direct one.
 */
export function stampFile(path: string): FileStamp {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info ? { path, mtimeMs: info.mtimeMs, size: info.size } : { path, mtimeMs: -1, size: -1 };
  } catch {
    return { path, mtimeMs: -1, size: -1 };
  }
}
