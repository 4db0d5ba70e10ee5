import { ExitCode, type ExitCodeValue } from './exit-codes.js';

const MARKER = Symbol.for('payready.error');

/**
 * Base of every error the CLI and the server report to a person. `exitCode` says how the CLI ends;
 * `hint` is one line on what to do about it.
 */
export class PayReadyError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  readonly [MARKER] = true;

  constructor(
    message: string,
    options: { exitCode?: ExitCodeValue; hint?: string; cause?: unknown; name?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name ?? 'PayReadyError';
    this.exitCode = options.exitCode ?? ExitCode.failed;
    this.hint = options.hint;
  }

  static isInstance(value: unknown): value is PayReadyError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Bad command-line input: wrong flag value, empty prompt, unknown agent. Exit 2. */
export class UsageError extends PayReadyError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.usage, name: 'UsageError' });
  }
}

/** A bug: printed with its stack and a request to report it. */
export class InternalError extends PayReadyError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.failed, name: 'InternalError' });
  }
}
