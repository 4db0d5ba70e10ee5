import type { ChatMessage } from '@payready/agent-contract';
import { checkedConversationId, historyMessages, newConversationId, type AskResult } from '@payready/core';
import { UsageError, type PayReadyConfig } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { ENABLE_HISTORY_HINT, openHistoryStore } from './history-store.js';

export interface Conversation {
  cid: string;
  /** Earlier turns to send upstream (at most history.max_turns of them). */
  history: ChatMessage[];
  /** Stores this turn (redacted). Never throws: a full disk must not turn an answer into an error. */
  record(text: string, result: AskResult): void;
}

/**
 * The conversation this ask belongs to: `--cid ID`, the last one with `-c`, else a new one. Undefined when
 * history is off (the default); then `-c` and `--cid` are usage errors that say how to opt in.
 */
export function openConversation(
  io: CliIO,
  config: PayReadyConfig,
  options: { continue?: boolean; cid?: string; quiet?: boolean },
): Conversation | undefined {
  const wanted = options.cid !== undefined || options.continue === true;
  if (!config.history.enabled) {
    if (wanted)
      throw new UsageError(
        `${options.cid !== undefined ? '--cid' : '-c/--continue'} needs conversation history, which is off`,
        { hint: ENABLE_HISTORY_HINT },
      );
    return undefined;
  }
  const store = openHistoryStore(io, config);
  let cid: string;
  if (options.cid !== undefined) {
    cid = checkedConversationId(options.cid);
    if (!store.has(cid))
      throw new UsageError(`no conversation ${cid}`, { hint: '`payready history list` shows the stored ones' });
  } else {
    const last = options.continue ? store.last() : undefined;
    if (options.continue && last === undefined && !options.quiet)
      io.stderr.write('payready: no earlier conversation to continue; starting a new one\n');
    cid = last ?? newConversationId();
  }
  const history = store.has(cid) ? historyMessages(store.turns(cid), config.history.max_turns) : [];
  return {
    cid,
    history,
    record(text, result) {
      try {
        store.append(cid, {
          at: new Date().toISOString(),
          user: text,
          assistant: result.answer,
          agent: result.agent,
          model: result.model,
        });
      } catch (error) {
        io.stderr.write(
          `payready: warning: conversation not saved: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    },
  };
}
