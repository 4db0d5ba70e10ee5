import { Writable } from 'node:stream';
import { ExitCode, PayReadyError, UsageError } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';

const MAX_SECRET_BYTES = 64 * 1024;

/**
 * A secret from the person, never from argv (shell history, `ps`): a prompt with echo off on a terminal,
 * otherwise all of stdin minus one trailing newline (`echo "$KEY" | payready keys set x`).
 */
export async function readSecret(io: CliIO, prompt: string): Promise<string> {
  const raw = io.stdin.isTTY ? await promptHidden(io, prompt) : (await readAll(io)).replace(/\r?\n$/, '');
  if (raw.length === 0) {
    throw new UsageError('no key given', {
      hint: io.stdin.isTTY
        ? 'type or paste the key at the prompt'
        : 'pipe it in, e.g. `printf %s "$KEY" | payready keys set <name>`',
    });
  }
  if (/[\r\n]/.test(raw)) throw new UsageError('the key contains a line break; give one line');
  return raw;
}

async function promptHidden(io: CliIO, prompt: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  let muted = false;
  // readline echoes typed characters to its output; this output drops them while the key is typed.
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) io.stderr.write(chunk);
      callback();
    },
  });
  const lines = createInterface({ input: io.stdin, output, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      lines.close();
      io.stderr.write('\n');
      outcome();
    };
    lines.on('SIGINT', () =>
      finish(() => reject(new PayReadyError('interrupted', { exitCode: ExitCode.interrupted }))),
    );
    lines.on('close', () => finish(() => reject(new UsageError('no key given (input closed)'))));
    lines.question(prompt, (answer) => finish(() => resolve(answer)));
    muted = true;
  });
}

async function readAll(io: CliIO): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > MAX_SECRET_BYTES) {
      io.stdin.destroy();
      throw new UsageError(`stdin holds more than ${MAX_SECRET_BYTES} bytes; that is not a key`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
