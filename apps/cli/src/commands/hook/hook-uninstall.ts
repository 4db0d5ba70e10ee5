import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../cli-io.js';
import { gitHooksDir } from './git-hooks-dir.js';
import { hookKinds, isPayreadyHook, type HookCommandOptions } from './hook-install.js';
import { chainedName } from './hook-script.js';

/** `payready hook uninstall`: removes only payready's hook files and puts a chained user hook back. */
export async function hookUninstall(options: HookCommandOptions, io: CliIO): Promise<number> {
  const dir = gitHooksDir(io.cwd);
  for (const kind of hookKinds(options, ['pre-commit', 'pre-push'])) {
    const path = join(dir, kind);
    const chained = join(dir, chainedName(kind));
    const ours = isPayreadyHook(path);
    if (ours) rmSync(path);
    if (existsSync(chained) && !existsSync(path)) {
      renameSync(chained, path);
      io.stderr.write(`payready: ${ours ? `removed the payready ${kind} hook and ` : ''}restored your ${kind} hook\n`);
    } else if (ours) {
      io.stderr.write(`payready: removed the payready ${kind} hook\n`);
    } else if (options.preCommit || options.prePush) {
      io.stderr.write(`payready: no payready ${kind} hook in ${dir}; nothing to do\n`);
    }
  }
  return 0;
}
