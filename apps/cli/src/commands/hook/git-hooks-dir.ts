import { execFileSync } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '@payready/shared';

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * The repository's hooks directory, honouring core.hooksPath and worktrees. Asked from the top level: a
 * relative core.hooksPath is relative to where git runs hooks (the top level), not to the current directory.
 */
export function gitHooksDir(cwd: string): string {
  try {
    const top = git(['rev-parse', '--show-toplevel'], cwd);
    const hooks = git(['rev-parse', '--git-path', 'hooks'], top);
    return isAbsolute(hooks) ? hooks : resolve(top, hooks);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(missing ? 'git is not installed or not on PATH' : `${cwd} is not inside a git work tree`, {
      hint: 'run payready hook install inside the repository whose commits should be reviewed',
    });
  }
}
