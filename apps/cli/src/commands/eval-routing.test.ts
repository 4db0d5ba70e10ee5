import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@payready/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIO } from '../capture-io.js';
import { evalRouting } from './eval-routing.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'payready-eval-routing-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function fakeIO() {
  return captureIO({ env: { HOME: root }, cwd: root });
}

const items = [
  { query: 'write a python function that reverses a linked list', label: 'codex' },
  { query: "what's the latest version of node", label: 'web' },
  { query: 'book a table for two at Nopa on Friday at 7pm', label: 'agno' },
  { query: 'explain monads', label: 'claude' },
];

describe('payready eval routing', () => {
  it('--json prints accuracy, macro-F1, per-label P/R, confusion, ECE and µs per decision', async () => {
    writeFileSync(join(root, 'set.jsonl'), items.map((item) => JSON.stringify(item)).join('\n') + '\n');
    const { io, text } = fakeIO();
    expect(await evalRouting({ file: 'set.jsonl', json: true }, io)).toBe(0);
    const result = JSON.parse(text.stdout) as Record<string, unknown> & {
      perLabel: Record<string, { support: number }>;
    };
    expect(result).toMatchObject({
      file: 'set.jsonl',
      count: 4,
      accuracy: 1,
      macroF1: 1,
      labels: ['claude', 'codex', 'web', 'agno'],
    });
    expect(result.confusion).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
    expect(result.perLabel.codex!.support).toBe(1);
    expect(typeof result.ece).toBe('number');
    expect((result.microsPerDecision as { p50: number }).p50).toBeGreaterThan(0);
  });

  it('prints a table without --json', async () => {
    writeFileSync(join(root, 'set.jsonl'), JSON.stringify(items[0]));
    const { io, text } = fakeIO();
    expect(await evalRouting({ file: join(root, 'set.jsonl') }, io)).toBe(0);
    expect(text.stdout).toMatch(/^items\s+1$/m);
    expect(text.stdout).toMatch(/^accuracy\s+100\.0%$/m);
    expect(text.stdout).toContain('confusion (rows gold, columns predicted)');
  });

  it('names the file and line of a bad item', async () => {
    writeFileSync(join(root, 'bad.jsonl'), `${JSON.stringify(items[0])}\n{"query": "x", "label": "gpt"}\n`);
    const { io } = fakeIO();
    const error = await evalRouting({ file: 'bad.jsonl' }, io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('bad.jsonl:2');
  });

  it('reports a missing file as a usage error', async () => {
    const { io } = fakeIO();
    await expect(evalRouting({ file: 'missing.jsonl' }, io)).rejects.toThrow(/cannot read missing\.jsonl/);
  });
});
