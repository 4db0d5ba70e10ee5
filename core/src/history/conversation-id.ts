import { lazyCrypto, UsageError } from '@payready/shared';

const ID = /^[a-z0-9][a-z0-9-]{3,63}$/;

/** A new id: time-ordered (base36 ms), then random, e.g. `mi3k2a9f-7c1e`. Safe as a file name. */
export function newConversationId(now: number = Date.now()): string {
  return `${now.toString(36)}-${lazyCrypto().randomBytes(2).toString('hex')}`;
}

/** An id from the command line, checked so it can never name a path outside the history directory. */
export function checkedConversationId(id: string): string {
  if (!ID.test(id)) {
    throw new UsageError(`${JSON.stringify(id)} is not a conversation id`, {
      hint: '`payready history list` shows the ids',
    });
  }
  return id;
}
