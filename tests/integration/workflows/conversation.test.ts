import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TempHome } from '../../test-utils/src/index.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test-utils/src/fake-openai.js';
import type { RecordedRequest } from '../../test-utils/src/http-fixture.js';
import { cli, inputMessages, OPENAI_KEY, openAIHome } from './workflow-helpers.js';

// Conversations: `ask -c` / `--cid` send the earlier turns upstream (asserted on what the fake received), and
// `payready history …` reads the local store, which only exists after opting in.

const PASTED_KEY = 'sk-ant-api03-PASTEDabcdefghijklmnopqrstuvwxyz';

let fake: FakeOpenAI;
let home: TempHome & { env: Record<string, string> };

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: OPENAI_KEY });
  fake.setHandler((request: RecordedRequest) => ({
    kind: 'text',
    text: `reply to: ${inputMessages(request).at(-1)?.content ?? ''}`,
  }));
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  home = openAIHome(fake, { PAYREADY_HISTORY__ENABLED: 'true' });
});
afterEach(() => home.cleanup());

const ask = async (args: string[], env: Record<string, string> = {}) => {
  const run = await cli(['ask', '--agent', 'codex', '--no-fallback', '--json', ...args], {
    env: { ...home.env, ...env },
    cwd: home.root,
  });
  return { ...run, json: run.code === 0 ? (JSON.parse(run.stdout) as { answer: string; cid: string }) : undefined };
};
const history = (args: string[]) => cli(['history', ...args], { env: home.env, cwd: home.root });

describe('conversations', () => {
  it('a second turn with -c sends the first turn upstream as messages', async () => {
    const first = await ask(['What is a mutex?']);
    expect(first.code).toBe(0);
    expect(inputMessages(fake.requests[0]!)).toEqual([{ role: 'user', content: 'What is a mutex?' }]);
    const second = await ask(['-c', 'And a semaphore?']);
    expect(second.code).toBe(0);
    expect(second.json!.cid).toBe(first.json!.cid);
    expect(inputMessages(fake.requests[1]!)).toEqual([
      { role: 'user', content: 'What is a mutex?' },
      { role: 'assistant', content: 'reply to: What is a mutex?' },
      { role: 'user', content: 'And a semaphore?' },
    ]);
    // A question without -c starts a new conversation; --cid goes back to the first one.
    const other = await ask(['Unrelated question']);
    expect(other.json!.cid).not.toBe(first.json!.cid);
    expect(inputMessages(fake.requests[2]!)).toHaveLength(1);
    await ask(['--cid', first.json!.cid, 'Third turn']);
    expect(inputMessages(fake.requests[3]!).map((message) => message.content)).toEqual([
      'What is a mutex?',
      'reply to: What is a mutex?',
      'And a semaphore?',
      'reply to: And a semaphore?',
      'Third turn',
    ]);
  });

  it('sends at most history.max_turns earlier turns', async () => {
    await ask(['one']);
    await ask(['-c', 'two']);
    await ask(['-c', 'three'], { PAYREADY_HISTORY__MAX_TURNS: '1' });
    expect(inputMessages(fake.requests[2]!).map((message) => message.content)).toEqual([
      'two',
      'reply to: two',
      'three',
    ]);
  });

  it('history off (the default): -c and --cid are usage errors that say how to opt in, and nothing is stored', async () => {
    const off = { PAYREADY_HISTORY__ENABLED: 'false' };
    const plain = await ask(['hello'], off);
    expect(plain.code).toBe(0);
    expect(plain.json).not.toHaveProperty('cid');
    for (const args of [
      ['-c', 'more'],
      ['--cid', 'abcd-1234', 'more'],
    ]) {
      const run = await ask(args, off);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('needs conversation history, which is off');
      expect(run.stderr).toContain('PAYREADY_HISTORY__ENABLED=true');
    }
    expect(readdirSync(home.stateDir).filter((name) => name === 'history')).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('never stores a key; history list, show, search, export and rm', async () => {
    const first = await ask([`my key is ${PASTED_KEY} and ${OPENAI_KEY}, why does auth fail?`]);
    await ask(['-c', 'still failing']);
    await ask(['How do I rebase interactively?']);
    const dir = join(home.stateDir, 'history');
    const stored = readdirSync(dir)
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('\n');
    expect(stored).not.toContain(PASTED_KEY);
    expect(stored).not.toContain(OPENAI_KEY);
    expect(stored).toContain('[REDACTED]');
    // The question went upstream as asked (masking stored history is about the disk, not the request).
    expect(JSON.stringify(fake.requests[0]!.body)).toContain(PASTED_KEY);

    const list = await history(['list', '--json']);
    const conversations = list.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { cid: string; turns: number; title: string });
    expect(conversations.map((item) => item.turns)).toEqual([1, 2]);
    expect(conversations[1]).toMatchObject({
      cid: first.json!.cid,
      title: 'my key is [REDACTED] and [REDACTED], why does auth fail?',
    });
    expect((await history(['list'])).stdout).toMatch(
      new RegExp(
        `^\\S+ .* 1 turn +How do I rebase interactively\\?\\n${first.json!.cid} .* 2 turns +my key is \\[REDACTED\\]`,
      ),
    );

    const show = await history(['show', first.json!.cid]);
    expect(show.stdout).toContain('> still failing');
    expect(show.stdout).toContain('reply to: still failing');
    const search = await history(['search', 'REBASE', '--json']);
    expect(
      search.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { cid: string }).cid),
    ).toEqual([conversations[0]!.cid]);

    const exported = (await history(['export'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { cid: string; turn: number; user: string; assistant: string });
    expect(exported.map((turn) => [turn.cid, turn.turn])).toEqual([
      [first.json!.cid, 1],
      [first.json!.cid, 2],
      [conversations[0]!.cid, 1],
    ]);

    expect((await history(['rm', first.json!.cid])).code).toBe(0);
    expect((await history(['show', first.json!.cid])).code).toBe(2);
    expect((await history(['list', '--json'])).stdout.trim().split('\n')).toHaveLength(1);
    expect((await history(['rm', '../../etc'])).code).toBe(2);
  });

  it('concurrent turns of one conversation are all stored, none torn', async () => {
    const first = await ask(['start']);
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, index) => ask(['--cid', first.json!.cid, `parallel ${index} ${'x'.repeat(3000)}`])),
    );
    expect(runs.map((run) => run.code)).toEqual(Array(8).fill(0));
    const lines = readFileSync(join(home.stateDir, 'history', `${first.json!.cid}.jsonl`), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(9);
    expect(lines.map((line) => (JSON.parse(line) as { user: string }).user.slice(0, 10)).sort()).toEqual([
      'parallel 0',
      'parallel 1',
      'parallel 2',
      'parallel 3',
      'parallel 4',
      'parallel 5',
      'parallel 6',
      'parallel 7',
      'start',
    ]);
  });
});
