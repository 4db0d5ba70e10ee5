import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedactor } from '@payready/shared';
import { checkedConversationId, newConversationId } from './conversation-id.js';
import { createConversationStore, historyMessages, type ConversationTurn } from './conversation-store.js';

const SECRET = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payready-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const store = () =>
  createConversationStore({ dir: join(dir, 'history'), redact: createRedactor({ secrets: ['my-literal-password'] }) });
const turn = (user: string, assistant = `answer to ${user}`, at = new Date().toISOString()): ConversationTurn => ({
  at,
  user,
  assistant,
  agent: 'claude',
  model: 'claude-x',
});

describe('conversation store', () => {
  it('appends turns, lists conversations last-used last, and finds the last one', () => {
    const history = store();
    expect(history.list()).toEqual([]);
    expect(history.last()).toBeUndefined();
    history.append('conv-a', turn('first question\nwith detail', 'a1', '2026-01-01T00:00:00.000Z'));
    history.append('conv-b', turn('other', 'b1', '2026-01-02T00:00:00.000Z'));
    history.append('conv-a', turn('second', 'a2', '2026-01-03T00:00:00.000Z'));
    expect(history.list()).toEqual([
      {
        cid: 'conv-b',
        created: '2026-01-02T00:00:00.000Z',
        updated: '2026-01-02T00:00:00.000Z',
        turns: 1,
        title: 'other',
      },
      {
        cid: 'conv-a',
        created: '2026-01-01T00:00:00.000Z',
        updated: '2026-01-03T00:00:00.000Z',
        turns: 2,
        title: 'first question',
      },
    ]);
    expect(history.last()).toBe('conv-a');
    expect(history.turns('conv-a').map((item) => item.assistant)).toEqual(['a1', 'a2']);
    expect(statSync(join(dir, 'history', 'conv-a.jsonl')).mode & 0o777).toBe(0o600);
  });

  it('never stores a secret: question and answer go through the redactor', () => {
    const history = store();
    history.append('conv-s', turn(`my key is ${SECRET}`, 'and the password is my-literal-password'));
    const raw =
      readFileSync(join(dir, 'history', 'conv-s.jsonl'), 'utf8') +
      readFileSync(join(dir, 'history', 'index.jsonl'), 'utf8');
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('my-literal-password');
    expect(raw).toContain('[REDACTED]');
  });

  it('skips a torn last line left by a crash mid-write', () => {
    const history = store();
    history.append('conv-t', turn('one'));
    appendFileSync(join(dir, 'history', 'conv-t.jsonl'), '{"at":"2026-01-01","user":"half');
    appendFileSync(join(dir, 'history', 'index.jsonl'), '{"cid":"conv-t","at":');
    expect(history.turns('conv-t').map((item) => item.user)).toEqual(['one']);
    expect(history.list().map((item) => item.turns)).toEqual([1]);
  });

  it('removes a conversation and searches the rest case-insensitively', () => {
    const history = store();
    history.append('conv-x', turn('How do I rebase?', 'Use git rebase -i.'));
    history.append('conv-y', turn('Explain mutexes', 'A mutex guards a critical section.'));
    expect(history.search('REBASE')).toMatchObject([{ cid: 'conv-x', turn: 1, snippet: 'How do I rebase?' }]);
    expect(history.search('critical')).toMatchObject([{ cid: 'conv-y', turn: 1 }]);
    expect(history.remove('conv-x')).toBe(true);
    expect(history.remove('conv-x')).toBe(false);
    expect(history.list().map((item) => item.cid)).toEqual(['conv-y']);
    expect(history.search('rebase')).toEqual([]);
    expect(history.turns('conv-x')).toEqual([]);
  });
});

describe('history messages and ids', () => {
  it('sends the most recent max_turns turns as alternating messages, oldest first', () => {
    const turns = ['q1', 'q2', 'q3'].map((question) => turn(question, `a${question.slice(1)}`));
    expect(historyMessages(turns, 2)).toEqual([
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
      { role: 'user', content: 'q3' },
      { role: 'assistant', content: 'a3' },
    ]);
  });

  it('makes file-safe ids and refuses ids that could name another path', () => {
    const id = newConversationId(Date.UTC(2026, 0, 1));
    expect(checkedConversationId(id)).toBe(id);
    for (const bad of ['../etc/passwd', 'a/b', '', 'UPPER', '-x'])
      expect(() => checkedConversationId(bad)).toThrow(/not a conversation id/);
  });
});
