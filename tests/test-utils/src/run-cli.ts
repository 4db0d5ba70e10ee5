import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

export const cliBundle = join(repoRoot, 'apps/cli/dist/payready.cjs');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the process, ms. */
  ms: number;
}

export interface RunCliOptions {
  /** Text for stdin; when absent stdin is /dev/null (like CI with no stdin). */
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Kill the process after this many ms (a test safety net, not an assertion). */
  killAfterMs?: number;
  /** Called once the process is spawned, e.g. to send it SIGINT later. */
  onSpawn?: (child: ReturnType<typeof spawn>) => void;
  /** Flags for `node` itself, before the bundle (e.g. `--import` of a loader hook). */
  nodeArgs?: readonly string[];
}

/** Spawns the built CLI as a user would: `node apps/cli/dist/payready.cjs …`. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cliBundle, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ms: performance.now() - started,
      });
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}
