import type { ChildProcess } from 'node:child_process';

/**
 * Polls `${url}/health` until it answers 2xx. Fails with the process's output when it exits first, or kills it
 * and fails when `timeoutMs` passes: a server that never came up must say why, not time the test out.
 */
export async function waitForHealth(options: {
  child: ChildProcess;
  url: string;
  /** What is starting, for the error message ("payready serve", "the image's entrypoint"). */
  what: string;
  timeoutMs: number;
  output: () => string;
}): Promise<void> {
  const { child } = options;
  const until = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.what} exited early (${child.exitCode ?? child.signalCode}):\n${options.output()}`);
    }
    const ok = await fetch(`${options.url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(
        `${options.what} did not answer /health within ${options.timeoutMs / 1000} s:\n${options.output()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
