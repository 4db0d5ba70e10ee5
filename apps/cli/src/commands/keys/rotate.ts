import type { CliIO } from '../../cli-io.js';
import { keyStoreOptions, type KeyStoreLocation } from './key-store-options.js';
import { rotateMasterKey } from '@payready/core/security';

export type KeysRotateOptions = KeyStoreLocation;

/** `payready keys rotate`: a new master key, every entry re-encrypted; on failure nothing changes. */
export async function keysRotate(options: KeysRotateOptions, io: CliIO): Promise<number> {
  const storeOptions = await keyStoreOptions(io, options);
  const result = await rotateMasterKey(storeOptions);
  if (!result) {
    io.stderr.write(`no key store at ${storeOptions.path}: nothing to rotate\n`);
    return 0;
  }
  const entries = `${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}`;
  io.stderr.write(
    `rotated the master key (${result.oldKeyId} → ${result.newKeyId}); ${entries} re-encrypted in ${result.path}\n`,
  );
  return 0;
}
