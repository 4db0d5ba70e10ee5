import { PassThrough } from 'node:stream';
import type { CliIO } from './cli-io.js';

/**
 * A CliIO for unit tests of commands: stdout and stderr collected into `text`, stdin an open stream (a pipe,
 * not a TTY, unless `stdin` says otherwise), no colour, assets in `cwd` unless given.
 */
export function captureIO(options: { env: CliIO['env']; cwd: string; stdin?: CliIO['stdin']; assetsDir?: string }): {
  io: CliIO;
  text: { stdout: string; stderr: string };
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => (text.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (text.stderr += chunk.toString()));
  const io: CliIO = {
    stdin: options.stdin ?? new PassThrough(),
    stdout,
    stderr,
    env: options.env,
    cwd: options.cwd,
    color: false,
    assetsDir: options.assetsDir ?? options.cwd,
  };
  return { io, text };
}
