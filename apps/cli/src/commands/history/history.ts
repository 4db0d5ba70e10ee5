import { checkedConversationId, type ConversationStore } from '@payready/core';
import { UsageError } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { loadCliConfig } from '../../runtime/load-cli-config.js';
import { ENABLE_HISTORY_HINT, openHistoryStore } from './history-store.js';

export interface HistoryCommandOptions {
  json?: boolean;
  config?: string;
}

async function store(io: CliIO, options: HistoryCommandOptions): Promise<ConversationStore> {
  const { config } = await loadCliConfig(io, options.config ? { file: options.config } : {});
  const opened = openHistoryStore(io, config);
  if (!config.history.enabled && opened.list().length === 0)
    io.stderr.write(`payready: no conversations stored; ${ENABLE_HISTORY_HINT}\n`);
  return opened;
}

function existing(conversations: ConversationStore, id: string): string {
  const cid = checkedConversationId(id);
  if (!conversations.has(cid))
    throw new UsageError(`no conversation ${cid}`, { hint: '`payready history list` shows the stored ones' });
  return cid;
}

/** `history list`: most recent first. */
export async function historyList(options: HistoryCommandOptions, io: CliIO): Promise<number> {
  const conversations = (await store(io, options)).list().reverse();
  if (options.json) {
    for (const summary of conversations) io.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  for (const summary of conversations) {
    io.stdout.write(
      `${summary.cid}  ${summary.updated.slice(0, 16).replace('T', ' ')}  ${String(summary.turns).padStart(3)} turn${summary.turns === 1 ? ' ' : 's'}  ${summary.title}\n`,
    );
  }
  return 0;
}

/** `history show ID`: every turn, question then answer. */
export async function historyShow(id: string, options: HistoryCommandOptions, io: CliIO): Promise<number> {
  const conversations = await store(io, options);
  const cid = existing(conversations, id);
  const turns = conversations.turns(cid);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ cid, turns })}\n`);
    return 0;
  }
  turns.forEach((turn, index) => {
    io.stdout.write(
      `${index > 0 ? '\n' : ''}## ${index + 1} · ${turn.at.slice(0, 16).replace('T', ' ')} · ${turn.agent}${turn.model ? ` (${turn.model})` : ''}\n> ${turn.user.split('\n').join('\n> ')}\n\n${turn.assistant}\n`,
    );
  });
  return 0;
}

/** `history search TEXT`: case-insensitive, in questions and answers. */
export async function historySearch(text: string, options: HistoryCommandOptions, io: CliIO): Promise<number> {
  if (text.trim() === '') throw new UsageError('history search needs some text to look for');
  const hits = (await store(io, options)).search(text);
  for (const hit of hits)
    io.stdout.write(options.json ? `${JSON.stringify(hit)}\n` : `${hit.cid} #${hit.turn}  ${hit.snippet}\n`);
  return 0;
}

/** `history rm ID`. */
export async function historyRm(id: string, options: HistoryCommandOptions, io: CliIO): Promise<number> {
  const conversations = await store(io, options);
  const cid = existing(conversations, id);
  conversations.remove(cid);
  io.stderr.write(`payready: removed conversation ${cid}\n`);
  return 0;
}

/** `history export`: one JSONL line per turn, oldest conversation first. */
export async function historyExport(options: HistoryCommandOptions, io: CliIO): Promise<number> {
  const conversations = await store(io, options);
  for (const { cid } of conversations.list()) {
    conversations
      .turns(cid)
      .forEach((turn, index) => io.stdout.write(`${JSON.stringify({ cid, turn: index + 1, ...turn })}\n`));
  }
  return 0;
}
