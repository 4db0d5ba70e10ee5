import { describe, expect, it } from 'vitest';
import { detectSignals } from './signals.js';

const ids = (text: string, year = 2025) => detectSignals(text, year).map((hit) => hit.signal.id);

describe('strong signals', () => {
  it('code fences, diffs, stack traces, file paths and code syntax point to codex', () => {
    expect(ids('what is wrong here?\n```py\nprint(x)\n```')).toContain('code-fence');
    expect(ids('diff --git a/x.ts b/x.ts\n@@ -1,2 +1,3 @@\n+foo')).toContain('diff');
    expect(ids('Traceback (most recent call last):\n  File "a.py", line 3, in <module>')).toContain('stack-trace');
    expect(ids('Error: listen EADDRINUSE :::8080\n    at Server.listen (node:net:1817:16)')).toContain('stack-trace');
    expect(ids('why does my build fail with ENOENT')).toContain('stack-trace');
    expect(ids('fix the test in src/parser.test.ts')).toContain('file-path');
    expect(ids('cat ~/.bashrc')).toContain('file-path');
    expect(ids('const f = (x) => x + 1;')).toContain('code-syntax');
    expect(ids('ps aux | grep node')).toContain('code-syntax');
  });

  it('recency words and a near-term year point to web', () => {
    expect(ids("what's the latest version of node")).toContain('recency');
    expect(ids('who won the game last night')).toContain('recency');
    expect(ids('who won the 2025 election', 2025)).toContain('near-year');
    expect(ids('who won the 1998 election', 2025)).not.toContain('near-year');
  });

  it('"current directory" and similar are not recency', () => {
    expect(ids('list the files in the current directory')).not.toContain('recency');
    expect(ids('show the current branch')).not.toContain('recency');
  });

  it('website operations point to agno', () => {
    expect(ids('book a table for two at Nopa at 7pm')).toContain('site-operation');
    expect(ids('add the cheapest one to my cart')).toContain('site-operation');
    expect(ids('fill out the contact form on their site')).toContain('site-operation');
    expect(ids('search hotels on booking.com and sort by price')).toContain('site-operation');
  });

  it('plain prose fires nothing', () => {
    expect(ids('explain monads')).toEqual([]);
    expect(ids('write a haiku about autumn rain')).toEqual([]);
  });
});

describe('signal prefilters', () => {
  it('never skip a text the pattern matches', async () => {
    const { default: fc } = await import('fast-check');
    const { SIGNALS } = await import('./signals.js');
    const pieces = [...'ab Z/.~`\'"(=-_@x1'.split(''), '.ts', '.py', 'src/', './', '~/', ' a.md', 'x.TS', '\n'];
    for (const signal of SIGNALS.filter((candidate) => candidate.mayMatch)) {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 20 }), (parts) => {
          const text = parts.join('');
          if (signal.pattern.test(text)) expect(signal.mayMatch!(text)).toBe(true);
        }),
        { numRuns: 20_000 },
      );
    }
  });
});
