import { ExitCode } from '@payready/shared';
import { CommanderError } from 'commander';
import type { CliIO } from './cli-io.js';
import { buildProgram } from './program.js';
import { reportError } from './report-error.js';

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
