import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lazyChildProcess } from '@payready/shared';

/**
 * Values a prompt template may use. Each is computed only when a template asks for it: reading the git
 * branch is a file read, but cleanliness needs `git status`, which costs a process spawn.
 */
export interface TemplateContext {
  date: string;
  project: string;
  branch: string;
  clean: string;
  cwd: string;
}

function gitBranch(projectRoot: string | undefined): string {
  if (!projectRoot) return '';
  try {
    const head = readFileSync(join(projectRoot, '.git', 'HEAD'), 'utf8').trim();
    return head.startsWith('ref: refs/heads/') ? head.slice('ref: refs/heads/'.length) : head.slice(0, 12);
  } catch {
    return '';
  }
}

function gitClean(projectRoot: string | undefined): string {
  if (!projectRoot) return '';
  try {
    // child_process (and the net and dgram modules it loads) only for a template that uses {{clean}}.
    const status = lazyChildProcess().execFileSync('git', ['status', '--porcelain'], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 2000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return status.trim() === '' ? 'clean' : 'dirty';
  } catch {
    return '';
  }
}

export function createTemplateContext(options: { cwd: string; projectRoot?: string; now?: Date }): TemplateContext {
  const cache = new Map<string, string>();
  const lazy = (key: string, compute: () => string) => () => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute();
      cache.set(key, value);
    }
    return value;
  };
  const date = lazy('date', () => (options.now ?? new Date()).toISOString().slice(0, 10));
  const project = lazy('project', () => (options.projectRoot ? basename(options.projectRoot) : basename(options.cwd)));
  const branch = lazy('branch', () => gitBranch(options.projectRoot));
  const clean = lazy('clean', () => gitClean(options.projectRoot));
  return {
    get date() {
      return date();
    },
    get project() {
      return project();
    },
    get branch() {
      return branch();
    },
    get clean() {
      return clean();
    },
    cwd: options.cwd,
  };
}
