import { ExitCode } from '@payready/shared';
import { CommanderError, type Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import { reportError } from '../report-error.js';
import type { RunAction } from './root-program.js';

/** Parses `argv` with the program `build` declares, runs the chosen action, and maps the outcome to an exit code. */
export async function runCommander(
  argv: readonly string[],
  io: CliIO,
  build: (io: CliIO, run: RunAction) => Command,
): Promise<number> {
  let pending: Promise<number> | undefined;
  const program = build(io, (action) => {
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
