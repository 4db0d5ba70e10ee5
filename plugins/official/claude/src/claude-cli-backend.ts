import { spawn } from 'node:child_process';
import {
  AgentError,
  type AgentErrorKind,
  type AgentEvent,
  type AgentRequest,
  type ExecuteContext,
} from '@payready/agent-contract';
import { findExecutable } from '@payready/shared/upstream';

export const CLI_COMMAND = 'claude';

/**
 * `backend: cli`: runs `claude -p <text>` (Claude Code, with its own login) and streams its stdout as text.
 * The child gets the agent's environment, is killed on abort and on the attempt timeout, and its stderr
 * only ever appears, shortened, in an error message.
 */
export async function* claudeCliBackend(request: AgentRequest, context: ExecuteContext): AsyncGenerator<AgentEvent> {
  const executable = findExecutable(CLI_COMMAND, context.env);
  if (!executable) throw new AgentError({ kind: 'unavailable', message: '`claude` is not on PATH' });
  if (request.history?.length) context.logger.debug('claude cli: conversation history is not passed to `claude -p`');
  // A prompt that starts with '-' would be read as an option.
  const args = request.text.startsWith('-') ? ['-p', '--', request.text] : ['-p', request.text];
  yield* runCli({ executable, args, context });
}

interface RunCliInput {
  executable: string;
  args: string[];
  context: ExecuteContext;
}

interface Exit {
  code: number | null;
  error?: Error;
}

async function* runCli({ executable, args, context }: RunCliInput): AsyncGenerator<AgentEvent> {
  if (context.signal.aborted) throw context.signal.reason;
  const child = spawn(executable, args, {
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
        message: `${CLI_COMMAND} did not finish within ${context.timeoutMs} ms`,
      });
    if (exit.error)
      throw new AgentError({
        kind: 'unavailable',
        message: `${CLI_COMMAND} could not be started: ${exit.error.message}`,
        cause: exit.error,
      });
    if (exit.code !== 0) throw cliFailure(exit.code, stderr);
    yield { type: 'done', finishReason: 'stop' };
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', kill);
    // The consumer stopped early (or something threw): never leave the child running.
    kill();
  }
}

function cliFailure(code: number | null, stderr: string): AgentError {
  const tail = stderr.trim().split('\n').slice(-3).join(' | ').slice(-500);
  const kind: AgentErrorKind = /not logged in|please log ?in|authenticat|invalid api key|unauthori[sz]ed/i.test(stderr)
    ? 'auth'
    : /rate limit|usage limit/i.test(stderr)
      ? 'rate_limit'
      : 'internal';
  return new AgentError({
    kind,
    message: `${CLI_COMMAND} exited with code ${code ?? 'none'}${tail ? `: ${tail}` : ''}`,
  });
}
