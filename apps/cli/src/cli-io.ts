import type { Writable, Readable } from 'node:stream';

/**
 * Everything a command touches of the outside world, passed in so commands can be unit-tested without
 * spawning a process. stdout is for answers only; everything else goes to stderr.
 */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Colour on stderr: a TTY and NO_COLOR unset (https://no-color.org). */
  color: boolean;
  /** Directory holding the built-in config/ and personas/ (next to the bundle, or the repo in tests). */
  assetsDir: string;
}

export function processIO(assetsDir: string): CliIO {
  const env = process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env,
    cwd: process.cwd(),
    color: !noColor && env.TERM !== 'dumb' && Boolean(process.stderr.isTTY),
    assetsDir,
  };
}
