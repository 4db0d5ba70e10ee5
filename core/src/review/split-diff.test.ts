import { describe, expect, it } from 'vitest';
import { capDiff } from './cap-diff.js';
import { splitDiff } from './split-diff.js';

const text = (path: string, hunks: string[]) =>
  `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n${hunks.join('')}`;
const hunk = (start: number, lines: number) =>
  `@@ -${start},${lines} +${start},${lines} @@\n${Array.from({ length: lines }, (_, index) => `+line ${start + index} ${'x'.repeat(40)}\n`).join('')}`;

const DIFF = [
  text('src/a.js', [hunk(1, 2)]),
  'diff --git a/logo.png b/logo.png\nnew file mode 100644\nindex 0000000..3333333\nBinary files /dev/null and b/logo.png differ\n',
  'diff --git a/old name.txt b/new name.txt\nsimilarity index 90%\nrename from old name.txt\nrename to new name.txt\n--- a/old name.txt\n+++ b/new name.txt\n@@ -1 +1 @@\n-a\n+b\n',
  'diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n',
].join('');

describe('splitDiff', () => {
  it('splits per file, with new paths, renames, deletions and binary files recognised', () => {
    const files = splitDiff(DIFF);
    expect(files.map((file) => [file.path, file.binary])).toEqual([
      ['src/a.js', false],
      ['logo.png', true],
      ['new name.txt', false],
      ['gone.txt', false],
    ]);
    expect(files.map((file) => file.text).join('')).toBe(DIFF);
  });

  it('ignores text before the first header and an empty diff', () => {
    expect(splitDiff('')).toEqual([]);
    expect(splitDiff('warning: something\n')).toEqual([]);
  });
});

describe('capDiff', () => {
  it('keeps every text file when they fit and lists binary files apart', () => {
    const capped = capDiff(splitDiff(DIFF), 100_000);
    expect(capped.included).toEqual(['src/a.js', 'new name.txt', 'gone.txt']);
    expect(capped.binary).toEqual(['logo.png']);
    expect(capped.text).not.toContain('Binary files');
    expect(capped.bytes).toBe(Buffer.byteLength(capped.text));
    expect(capped.truncated).toEqual([]);
    expect(capped.omitted).toEqual([]);
  });

  it('cuts the file that crosses the cap at a hunk boundary and omits the rest', () => {
    const big = text('big.js', [hunk(1, 5), hunk(100, 5), hunk(200, 5)]);
    const files = splitDiff(text('small.js', [hunk(1, 1)]) + big + text('after.js', [hunk(1, 1)]));
    const small = Buffer.byteLength(files[0]!.text);
    const twoHunks = big.indexOf('@@ -200');
    const capped = capDiff(files, small + twoHunks + 10);
    expect(capped.included).toEqual(['small.js']);
    expect(capped.truncated).toEqual(['big.js']);
    expect(capped.omitted).toEqual(['after.js']);
    expect(capped.text).toContain('@@ -100,5');
    expect(capped.text).not.toContain('@@ -200,5');
    expect(capped.text.endsWith('\n')).toBe(true);
    expect(capped.bytes).toBeLessThanOrEqual(small + twoHunks + 10);
  });

  it('cuts inside the first hunk at a line when no whole hunk fits, and omits a file when not even that does', () => {
    const big = splitDiff(text('big.js', [hunk(1, 50)]));
    const header = big[0]!.text.indexOf('+line 1 ');
    const cut = capDiff(big, header + 200);
    expect(cut.truncated).toEqual(['big.js']);
    expect(cut.text).toMatch(/\+line \d+ x+\n$/);
    expect(capDiff(big, header - 5).omitted).toEqual(['big.js']);
  });

  it('never exceeds the cap with multi-byte text', () => {
    const files = splitDiff(text('utf8.txt', [`@@ -1,3 +1,3 @@\n${'+ü€😀\n'.repeat(300)}`]));
    const capped = capDiff(files, 1000);
    expect(capped.bytes).toBeLessThanOrEqual(1000);
    expect(capped.text).not.toContain('\uFFFD');
  });
});
