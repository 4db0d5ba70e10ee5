import { Command, Option } from 'commander';
import type { CliIO } from '../cli-io.js';
import { VERSION } from '../version.js';

export type Action = () => Promise<number>;
/** Runs a command's action; the program's caller awaits what it started (see runCommander). */
export type RunAction = (action: Action) => void;

const EXIT_CODES_HELP = `
Exit codes:
  0    answered
  1    every agent failed (ask --batch: any item failed)
  2    usage or configuration error
  3    no usable credentials for any candidate agent
  4    rate-limited after retries
  5    deadline exceeded (0 with --on-timeout=skip)
  6    review findings at or above --fail-on (payready review)
  130  interrupted (Ctrl-C)`;

/** The `payready` command itself: description, version, output to the CLI's streams, errors as exceptions. */
export function rootProgram(io: CliIO): Command {
  return (
    new Command('payready')
      .description(
        'Ask AI backends from the terminal: routes each question to the agent that fits, streams, falls back, caches.',
      )
      .version(VERSION, '-V, --version')
      .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
      .showHelpAfterError('(run with --help for usage)')
      // Before any subcommand is declared: subcommands copy this setting, so a bad flag anywhere throws
      // CommanderError for runCommander() to turn into exit code 2.
      .exitOverride()
      .addHelpText('after', EXIT_CODES_HELP)
  );
}

/** `--config`, shared by every command that reads the config. */
export function configOption(): Option {
  return new Option('--config <file>', 'an extra config file, applied after .payready.yaml');
}
