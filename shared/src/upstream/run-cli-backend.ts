import { lazyChildProcess } from '../node/lazy-builtins.js';
import { AgentError, type AgentErrorKind, type AgentEvent, type ExecuteContext } from '@payready/agent-contract';

export interface RunCliBackendInput {
  /** The command's name, for messages (`claude`, `codex`). */
  command: string;
  executable: string;
  args: string[];
  context: ExecuteContext;
}

interface Exit {
  code: number | null;
  error?: Error;
}

/**
 * Runs an agent's own CLI (`backend: cli`) as a subprocess and streams its stdout as text deltas. The child is
 * killed on abort, on the attempt's timeout, and when the consumer stops early.
 */
export async function* runCliBackend({
  command,
  executable,
  args,
  context,
}: RunCliBackendInput): AsyncGenerator<AgentEvent> {
  if (context.signal.aborted) throw context.signal.reason;
  const child = lazyChildProcess().spawn(executable, args, {
    env: { ...context.env },
    cwd: context.paths.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('close', (code) => resolve({ code }));
  });
  let timedOut = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, context.timeoutMs);
  context.signal.addEventListener('abort', kill, { once: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  child.stdout.setEncoding('utf8');
  try {
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      if (chunk) yield { type: 'text-delta', text: chunk };
    }
    const exit = await exited;
    if (context.signal.aborted) throw context.signal.reason;
    if (timedOut)
      throw new AgentError({
        kind: 'timeout',
        message: `${command} did not finish within ${context.timeoutMs} ms`,
      });
    if (exit.error)
      throw new AgentError({
        kind: 'unavailable',
        message: `${command} could not be started: ${exit.error.message}`,
        cause: exit.error,
      });
    if (exit.code !== 0) throw cliFailure(command, exit.code, stderr);
    yield { type: 'done', finishReason: 'stop' };
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', kill);
    // The consumer stopped early (or something threw): never leave the child running.
    kill();
  }
}

function cliFailure(command: string, code: number | null, stderr: string): AgentError {
  const tail = stderr.trim().split('\n').slice(-3).join(' | ').slice(-500);
  const kind: AgentErrorKind = /not logged in|please log ?in|authenticat|invalid api key|unauthori[sz]ed/i.test(stderr)
    ? 'auth'
    : /rate limit|usage limit/i.test(stderr)
      ? 'rate_limit'
      : 'internal';
  return new AgentError({
    kind,
    message: `${command} exited with code ${code ?? 'none'}${tail ? `: ${tail}` : ''}`,
  });
}
