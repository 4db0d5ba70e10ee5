import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage } from '@payready/agent-contract';
import { appendJsonl, readJsonl } from './jsonl-file.js';

/** One question and its answer, as stored (already redacted). */
export interface ConversationTurn {
  at: string;
  /** The text sent upstream for this turn. */
  user: string;
  assistant: string;
  agent: string;
  model: string | null;
}

export interface ConversationSummary {
  cid: string;
  created: string;
  updated: string;
  turns: number;
  /** The first prompt's first line, shortened. */
  title: string;
}

export interface SearchHit {
  cid: string;
  /** 1-based turn number. */
  turn: number;
  at: string;
  snippet: string;
}

type IndexRecord =
  { cid: string; at: string; event: 'turn'; title?: string } | { cid: string; at: string; event: 'rm' };

const isIndexRecord = (value: unknown): value is IndexRecord =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as IndexRecord).cid === 'string' &&
  typeof (value as IndexRecord).at === 'string';

const isTurn = (value: unknown): value is ConversationTurn =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ConversationTurn).user === 'string' &&
  typeof (value as ConversationTurn).assistant === 'string';

export interface ConversationStoreOptions {
  /** `$XDG_STATE_HOME/payready/history` */
  dir: string;
  /** Applied to every stored string: no secret is ever written. */
  redact: (text: string) => string;
}

function titleOf(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function snippet(text: string, at: number, length: number): string {
  const start = Math.max(0, at - 40);
  const end = Math.min(text.length, at + length + 40);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ')}${end < text.length ? '…' : ''}`;
}

/**
 * Conversations as append-only JSONL: one file per conversation (its turns) plus `index.jsonl` (one line per
 * turn or removal), which answers "the last conversation" and `history list` without opening every file.
 */
export function createConversationStore(options: ConversationStoreOptions) {
  const indexPath = join(options.dir, 'index.jsonl');
  const fileOf = (cid: string) => join(options.dir, `${cid}.jsonl`);

  const summaries = (): ConversationSummary[] => {
    const byId = new Map<string, ConversationSummary>();
    for (const record of readJsonl(indexPath, isIndexRecord)) {
      if (record.event === 'rm') {
        byId.delete(record.cid);
        continue;
      }
      const known = byId.get(record.cid);
      if (known) {
        known.turns += 1;
        known.updated = record.at;
        // Re-inserted so the Map's order is "last used last".
        byId.delete(record.cid);
        byId.set(record.cid, known);
      } else {
        byId.set(record.cid, {
          cid: record.cid,
          created: record.at,
          updated: record.at,
          turns: 1,
          title: record.title ?? '',
        });
      }
    }
    return [...byId.values()];
  };

  return {
    dir: options.dir,
    /** Conversations, the most recently used last. */
    list: summaries,
    /** The conversation used last, if any. */
    last: (): string | undefined => summaries().at(-1)?.cid,
    has: (cid: string): boolean => summaries().some((summary) => summary.cid === cid),
    turns: (cid: string): ConversationTurn[] => readJsonl(fileOf(cid), isTurn),
    append(cid: string, turn: ConversationTurn): void {
      const stored: ConversationTurn = {
        ...turn,
        user: options.redact(turn.user),
        assistant: options.redact(turn.assistant),
      };
      appendJsonl(fileOf(cid), stored);
      const first = !this.has(cid);
      appendJsonl(indexPath, { cid, at: turn.at, event: 'turn', ...(first ? { title: titleOf(stored.user) } : {}) });
    },
    remove(cid: string): boolean {
      const existed = this.has(cid);
      rmSync(fileOf(cid), { force: true });
      if (existed) appendJsonl(indexPath, { cid, at: new Date().toISOString(), event: 'rm' });
      return existed;
    },
    search(text: string): SearchHit[] {
      const needle = text.toLowerCase();
      const hits: SearchHit[] = [];
      for (const { cid } of summaries()) {
        this.turns(cid).forEach((turn, index) => {
          for (const field of [turn.user, turn.assistant]) {
            const at = field.toLowerCase().indexOf(needle);
            if (at >= 0) {
              hits.push({ cid, turn: index + 1, at: turn.at, snippet: snippet(field, at, needle.length) });
              break;
            }
          }
        });
      }
      return hits;
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;

/** The earlier turns as chat messages, oldest first, at most `maxTurns` of the most recent ones. */
export function historyMessages(turns: readonly ConversationTurn[], maxTurns: number): ChatMessage[] {
  return turns.slice(-maxTurns).flatMap((turn): ChatMessage[] => [
    { role: 'user', content: turn.user },
    { role: 'assistant', content: turn.assistant },
  ]);
}
