import { ExitCode, PayReadyError } from '@payready/shared';

/**
 * The key store or master key cannot be used as it is: wrong or missing master key, a damaged or tampered
 * file, an unknown format, permissions too open. Exit 2, like a configuration error: the user has to act.
 */
export class KeyStoreError extends PayReadyError {
  /** The file at fault (store, master key file or lock), when there is one. */
  readonly file: string | undefined;

  constructor(message: string, options: { file?: string; hint?: string; cause?: unknown } = {}) {
    super(message, { hint: options.hint, cause: options.cause, exitCode: ExitCode.usage, name: 'KeyStoreError' });
    this.file = options.file;
  }
}
