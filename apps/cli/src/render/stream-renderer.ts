import type { ExecutionEvent } from '@payready/core';
import type { CliIO } from '../cli-io.js';

/**
 * Writes an answer as it arrives when stdout is a terminal. When stdout is a pipe or file, nothing is
 * written until the answer is complete, so a script never reads the half of an answer whose stream broke
 * before a fallback agent answered in full.
 */
export class StreamRenderer {
  private streamed = '';
  private readonly live: boolean;

  constructor(
    private readonly io: CliIO,
    options: { json: boolean; quiet: boolean },
  ) {
    this.live = Boolean(io.stdout.isTTY) && !options.json;
    this.quiet = options.quiet;
  }

  private readonly quiet: boolean;

  onEvent = (event: ExecutionEvent): void => {
    if (event.type === 'text-delta' && this.live) {
      this.streamed += event.text;
      this.io.stdout.write(event.text);
    } else if (event.type === 'attempt-failed' && !this.quiet) {
      if (this.live && this.streamed) {
        this.io.stdout.write('\n');
        this.streamed = '';
      }
      const what = `${event.agent}: ${event.error.kind}${event.error.status ? ` (${event.error.status})` : ''}`;
      const next =
        event.next === 'retry'
          ? `retrying in ${event.delayMs ?? 0} ms`
          : event.next === 'fallback'
            ? 'trying the next agent'
            : 'giving up';
      this.io.stderr.write(`payready: ${what}; ${next}\n`);
    }
  };

  /** Writes whatever the live stream did not already show, ending with a newline. */
  finish(answer: string): void {
    if (this.live && this.streamed === answer) {
      if (!answer.endsWith('\n')) this.io.stdout.write('\n');
      return;
    }
    this.io.stdout.write(answer.endsWith('\n') ? answer : `${answer}\n`);
  }
}
