import { spawn, type ChildProcess } from 'node:child_process';
import { waitForHealth } from './wait-for-health.js';

export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null };

/** A spawned HTTP server process (`payready serve`, or an image's entrypoint in a chroot). */
export interface HttpProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** stdout and stderr so far. */
  logs(): string;
  /** Resolves when the process has exited. */
  exited: Promise<ProcessExit>;
  /** Sends `signal` (default SIGTERM, what the kubelet and `docker stop` send) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<ProcessExit>;
}

/** Spawns `command`, collects its output, and resolves once `http://127.0.0.1:${port}/health` answers. */
export async function startHttpProcess(options: {
  command: string;
  args: readonly string[];
  env: Record<string, string | undefined>;
  port: number;
  /** What is starting, for error messages. */
  what: string;
  timeoutMs: number;
  cwd?: string;
  /** Called with the child right after spawning (e.g. to track it for an afterAll kill). */
  onSpawn?: (child: ChildProcess) => void;
}): Promise<HttpProcess> {
  const child = spawn(options.command, options.args, {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  options.onSpawn?.(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${options.port}`;
  await waitForHealth({ child, url, what: options.what, timeoutMs: options.timeoutMs, output: () => output });
  return {
    url,
    port: options.port,
    child,
    logs: () => output,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
