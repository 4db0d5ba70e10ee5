import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listKbFiles, MAX_FILE_BYTES, readKbText } from './kb-files.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'payready-kb-'));
  dirs.push(dir);
  return dir;
}
function put(path: string, content: string | Buffer = 'text'): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('listKbFiles', () => {
  it('takes README* and docs/ of the project, skipping other files, node_modules, .git and big files', () => {
    const root = tempDir();
    put(join(root, 'README.md'));
    put(join(root, 'readme'));
    put(join(root, 'README.png'));
    put(join(root, 'CHANGELOG.md'));
    put(join(root, 'src', 'notes.md'));
    put(join(root, 'docs', 'guide.md'));
    put(join(root, 'docs', 'deep', 'a.mdx'));
    put(join(root, 'docs', 'deep', 'b.rst'));
    put(join(root, 'docs', 'deep', 'c.txt'));
    put(join(root, 'docs', 'image.png'));
    put(join(root, 'docs', 'node_modules', 'x.md'));
    put(join(root, 'docs', '.git', 'y.md'));
    put(join(root, 'docs', 'huge.md'), 'x'.repeat(MAX_FILE_BYTES + 1));
    const { files, truncated } = listKbFiles([{ kind: 'project', path: root }]);
    expect(truncated).toBe(false);
    expect([...files.keys()].map((file) => relative(root, file)).sort()).toEqual(
      ['README.md', 'readme', 'docs/guide.md', 'docs/deep/a.mdx', 'docs/deep/b.rst', 'docs/deep/c.txt'].sort(),
    );
    const stat = files.get(join(root, 'README.md'))!;
    expect(stat.size).toBe(4);
    expect(stat.mtimeMs).toBeGreaterThan(0);
  });

  it('walks kb and configured dirs, takes a configured file whatever its extension, and dedupes', () => {
    const kb = tempDir();
    const extra = tempDir();
    put(join(kb, 'a.md'));
    put(join(extra, 'notes.org'));
    const { files } = listKbFiles([
      { kind: 'kb', path: kb },
      { kind: 'path', path: join(extra, 'notes.org') },
      { kind: 'path', path: kb },
      { kind: 'path', path: join(extra, 'missing') },
    ]);
    expect([...files.keys()]).toEqual([join(kb, 'a.md'), join(extra, 'notes.org')]);
  });

  it('caps the number of files and survives symlink loops', () => {
    const kb = tempDir();
    for (let i = 0; i < 5; i++) put(join(kb, `f${i}.md`));
    symlinkSync(kb, join(kb, 'loop'));
    const capped = listKbFiles([{ kind: 'kb', path: kb }], 3);
    expect(capped.files.size).toBe(3);
    expect(capped.truncated).toBe(true);
    expect(listKbFiles([{ kind: 'kb', path: kb }]).files.size).toBe(5);
  });
});

describe('readKbText', () => {
  it('reads text and refuses binary files', () => {
    const dir = tempDir();
    put(join(dir, 'a.md'), 'hello');
    put(join(dir, 'b.md'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    expect(readKbText(join(dir, 'a.md'))).toBe('hello');
    expect(readKbText(join(dir, 'b.md'))).toBeUndefined();
    expect(readKbText(join(dir, 'missing.md'))).toBeUndefined();
  });
});
