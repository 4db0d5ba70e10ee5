import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import { declareAskAndRoute } from './ask-route-commands.js';
import { configOption, rootProgram, type RunAction } from './root-program.js';

/** The full CLI's program with only `ask` and `route` declared: the same options, help and errors. */
export function hotProgram(io: CliIO, run: RunAction): Command {
  const program = rootProgram(io);
  declareAskAndRoute(program, io, run, configOption());
  return program;
}
