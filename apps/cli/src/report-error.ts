import { AgentError } from '@payready/agent-contract';
import { ExitCode, PayReadyError, processRedactor, type InternalError } from '@payready/shared';
import type { CliIO } from './cli-io.js';

/**
 * The one place errors become output and exit codes. PayReadyErrors are expected: message, hint, their
 * exit code, no stack. Anything else is a bug: stack and a request to report it.
 */
export function reportError(error: unknown, io: CliIO): number {
  // Messages quote upstreams, and an upstream may echo the key it was sent: scrub every key this process knows.
  const redact = processRedactor(io.env);
  const write = (text: string) => io.stderr.write(redact(text));
  if (PayReadyError.isInstance(error)) {
    if (error.exitCode === ExitCode.interrupted) {
      write('payready: interrupted\n');
      return error.exitCode;
    }
    write(`payready: error: ${error.message}\n`);
    if (error.hint) write(`hint: ${error.hint.split('\n').join('\nhint: ')}\n`);
    if ((error as InternalError).name === 'InternalError' && error.stack) write(`${error.stack}\n`);
    return error.exitCode;
  }
  if (AgentError.isInstance(error)) {
    write(`payready: error: ${error.agent ?? 'agent'}: ${error.kind}: ${error.message}\n`);
    return ExitCode.failed;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(`payready: internal error (a bug — please report it with this output):\n${stack}\n`);
  return ExitCode.failed;
}
