import { AgentError } from '@payready/agent-contract';
import { ExitCode, PayReadyError, type InternalError } from '@payready/shared';
import { CommanderError } from 'commander';
import type { CliIO } from './cli-io.js';
import { buildProgram } from './program.js';

/**
 * The one place errors become output and exit codes. PayReadyErrors are expected: message, hint, their
 * exit code, no stack. Anything else is a bug: stack and a request to report it.
 */
export function reportError(error: unknown, io: CliIO): number {
  if (PayReadyError.isInstance(error)) {
    if (error.exitCode === ExitCode.interrupted) {
      io.stderr.write('payready: interrupted\n');
      return error.exitCode;
    }
    io.stderr.write(`payready: error: ${error.message}\n`);
    if (error.hint) io.stderr.write(`hint: ${error.hint.split('\n').join('\nhint: ')}\n`);
    if ((error as InternalError).name === 'InternalError' && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  if (AgentError.isInstance(error)) {
    io.stderr.write(`payready: error: ${error.agent ?? 'agent'}: ${error.kind}: ${error.message}\n`);
    return ExitCode.failed;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`payready: internal error (a bug — please report it with this output):\n${stack}\n`);
  return ExitCode.failed;
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let pending: Promise<number> | undefined;
  const program = buildProgram(io, (action) => {
    pending = action();
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return pending ? await pending : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; bad flags with 1, which we report as usage (2).
      return error.exitCode === 0 ? 0 : ExitCode.usage;
    }
    return reportError(error, io);
  }
}
