import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, type ConfigProblem } from '../errors/config-error.js';
import type { LoadConfigOptions } from './types.js';

/** A temp tree for config tests: builtin/, xdg/ (XDG_CONFIG_HOME), project/ with a nested cwd. Tests only. */
export interface ConfigFixture {
  root: string;
  builtinDir: string;
  userFile: string;
  projectDir: string;
  cwd: string;
  write(relative: string, text: string): string;
  options(extra?: Partial<LoadConfigOptions>): LoadConfigOptions;
  remove(): void;
}

export function configFixture(): ConfigFixture {
  const root = mkdtempSync(join(tmpdir(), 'payready-config-'));
  const write = (relative: string, text: string): string => {
    const path = join(root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  const cwd = join(root, 'project', 'src', 'deep');
  mkdirSync(cwd, { recursive: true });
  write('builtin/base.yaml', 'app:\n  name: Base\n');
  return {
    root,
    builtinDir: join(root, 'builtin'),
    userFile: join(root, 'xdg', 'payready', 'config.yaml'),
    projectDir: join(root, 'project'),
    cwd,
    write,
    options: (extra = {}) => ({
      builtinDir: join(root, 'builtin'),
      env: { HOME: join(root, 'home'), XDG_CONFIG_HOME: join(root, 'xdg') },
      cwd,
      ...extra,
    }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The problems of the ConfigError `promise` rejects with; fails when it resolves or throws something else. */
export async function problemsOf(promise: Promise<unknown>): Promise<readonly ConfigProblem[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
