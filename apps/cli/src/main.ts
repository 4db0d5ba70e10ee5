import type { CliIO } from './cli-io.js';
import { buildProgram } from './program.js';
import { runCommander } from './program/run-commander.js';

/** Every command, through commander. */
export function main(argv: readonly string[], io: CliIO): Promise<number> {
  return runCommander(argv, io, buildProgram);
}
