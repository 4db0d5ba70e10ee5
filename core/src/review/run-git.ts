import { spawn } from 'node:child_process';
import { UsageError } from '@payready/shared';

export interface GitOutput {
  stdout: string;
  /** True when output past `maxBytes` was dropped (and git stopped). */
  clipped: boolean;
  code: number | null;
}

// Deterministic output whatever the user's git config says: no colour, no pager, no external diff or
// textconv drivers (which could run arbitrary commands or hide content), a/ and b/ prefixes, raw paths.
const BASE_ARGS = ['-c', 'core.quotePath=false', '-c', 'color.ui=never', '--no-pager'];

/**
 * Runs git and collects stdout, at most `maxBytes` of it: a diff of a vendored tree can be hundreds of MB,
 * and review only ever sends a capped part. A missing git binary or repository is a usage error.
 */
export function runGit(
  args: readonly string[],
  options: { cwd: string; maxBytes?: number; okCodes?: readonly number[]; signal?: AbortSignal },
): Promise<GitOutput> {
  const limit = options.maxBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...BASE_ARGS, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C' },
      // Aborting kills git: a review's deadline also bounds a diff of a huge tree.
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    let bytes = 0;
    let clipped = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (clipped) return;
      if (bytes + chunk.length > limit) {
        chunks.push(chunk.subarray(0, limit - bytes));
        clipped = true;
        child.kill();
        return;
      }
      chunks.push(chunk);
      bytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      options.signal?.aborted
        ? reject(options.signal.reason)
        : reject(
            error.code === 'ENOENT'
              ? new UsageError('git is not installed or not on PATH', { hint: 'install git to use payready review' })
              : error,
          ),
    );
    child.on('close', (code) => {
      const stdout = Buffer.concat(chunks).toString('utf8');
      if (!clipped && code !== 0 && !(options.okCodes ?? []).includes(code ?? -1)) {
        const message = Buffer.concat(errors).toString('utf8').trim().split('\n')[0] || `exit code ${code}`;
        reject(
          new UsageError(
            `git ${args
              .filter((arg) => !arg.startsWith('-'))
              .slice(0, 2)
              .join(' ')} failed: ${message}`,
          ),
        );
        return;
      }
      resolve({ stdout, clipped, code });
    });
  });
}
