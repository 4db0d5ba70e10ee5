import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { durationToMs, UsageError, writeFileAtomic } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { failOnSeverity } from '../review/review-options.js';
import { gitHooksDir } from './git-hooks-dir.js';
import { chainedName, HOOK_MARKER, hookScript, type HookKind } from './hook-script.js';

export interface HookCommandOptions {
  preCommit?: boolean;
  prePush?: boolean;
  deadline?: string;
  failOn?: string;
  agent?: string;
}

export const DEFAULT_HOOK_DEADLINE = '20s';

export function hookKinds(options: HookCommandOptions, fallback: HookKind[]): HookKind[] {
  const kinds: HookKind[] = [];
  if (options.preCommit) kinds.push('pre-commit');
  if (options.prePush) kinds.push('pre-push');
  return kinds.length > 0 ? kinds : fallback;
}

export function isPayreadyHook(path: string): boolean {
  try {
    return readFileSync(path, 'utf8')
      .split('\n', 3)
      .some((line) => line.startsWith(HOOK_MARKER));
  } catch {
    return false;
  }
}

/** The bundle this process runs from, so the hook works without payready on PATH. */
function selfCommand(): { node: string; cli: string } {
  return { node: process.execPath, cli: process.argv[1] ?? '' };
}

/**
 * `payready hook install`: writes the hook. A hook of the user's own is renamed to
 * `<kind>.payready-chained` (bytes and mode untouched) and called first by ours; uninstall puts it back.
 */
export async function hookInstall(options: HookCommandOptions, io: CliIO): Promise<number> {
  const deadline = options.deadline ?? DEFAULT_HOOK_DEADLINE;
  let deadlineMs: number;
  try {
    deadlineMs = durationToMs(deadline);
  } catch {
    throw new UsageError(`--deadline ${JSON.stringify(deadline)} is not a duration`, { hint: 'e.g. --deadline 20s' });
  }
  const failOn = failOnSeverity(options.failOn ?? 'high') ?? 'none';
  const dir = gitHooksDir(io.cwd);
  for (const kind of hookKinds(options, ['pre-commit'])) {
    const path = join(dir, kind);
    const chained = join(dir, chainedName(kind));
    let note = '';
    if (existsSync(path) && !isPayreadyHook(path)) {
      if (existsSync(chained)) {
        throw new UsageError(`${chained} already exists, so your ${kind} hook cannot be kept beside payready's`, {
          hint: `move one of ${path} and ${chained} away, then install again`,
        });
      }
      renameSync(path, chained);
      note = `; your previous hook is kept as ${chainedName(kind)} and runs first`;
    }
    const script = hookScript({
      kind,
      deadline,
      hardLimitSeconds: Math.ceil(deadlineMs / 1000) + 10,
      failOn,
      ...selfCommand(),
      ...(options.agent ? { agent: options.agent } : {}),
    });
    writeFileAtomic(path, script, { mode: 0o755, dirMode: 0o755 });
    io.stderr.write(`payready: installed ${path} (review within ${deadline}, blocks at ${failOn} and above${note})\n`);
  }
  return 0;
}
