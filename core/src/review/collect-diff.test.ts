import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectDiff } from './collect-diff.js';

let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'payready-diff-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Test');
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

const paths = (diff: Awaited<ReturnType<typeof collectDiff>>) =>
  diff.files.map((file) => `${file.path}${file.binary ? ' (binary)' : ''}`);

describe('collectDiff', () => {
  it('--staged sees only the index; auto falls back to the unstaged changes', async () => {
    writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
    writeFileSync(join(repo, 'b.bin'), Buffer.from([0, 1, 2, 0, 255]));
    git('add', 'b.bin');
    const staged = await collectDiff({ kind: 'staged' }, { cwd: repo, readLimitBytes: 1e6 });
    expect(paths(staged)).toEqual(['b.bin (binary)']);
    expect(staged.description).toBe('staged changes');
    git('reset', '-q');
    const auto = await collectDiff({ kind: 'auto' }, { cwd: repo, readLimitBytes: 1e6 });
    expect(auto.description).toBe('unstaged changes');
    expect(paths(auto)).toEqual(['a.txt']);
    expect(auto.files[0]!.text).toContain('+two');
  });

  it('reviews a commit range, and named files against HEAD including untracked ones', async () => {
    writeFileSync(join(repo, 'a.txt'), 'one\nthree\n');
    git('commit', '-q', '-am', 'second');
    const range = await collectDiff({ kind: 'range', range: 'HEAD~1..HEAD' }, { cwd: repo, readLimitBytes: 1e6 });
    expect(range.files[0]!.text).toContain('+three');
    writeFileSync(join(repo, 'new.txt'), 'brand new\n');
    writeFileSync(join(repo, 'a.txt'), 'changed\n');
    const files = await collectDiff({ kind: 'files', files: ['a.txt', 'new.txt'] }, { cwd: repo, readLimitBytes: 1e6 });
    expect(paths(files)).toEqual(['a.txt', 'new.txt']);
    expect(files.files[1]!.text).toContain('+brand new');
  });

  it('lists files past the read limit as unread, and rejects option-like ranges and non-repositories', async () => {
    writeFileSync(join(repo, 'a.txt'), 'x'.repeat(5000));
    writeFileSync(join(repo, 'z.txt'), 'y'.repeat(5000));
    git('add', '.');
    const clipped = await collectDiff({ kind: 'staged' }, { cwd: repo, readLimitBytes: 6000 });
    expect(paths(clipped)).toEqual(['a.txt']);
    expect(clipped.unread).toEqual(['z.txt']);
    await expect(
      collectDiff({ kind: 'range', range: '--output=/tmp/x' }, { cwd: repo, readLimitBytes: 1e6 }),
    ).rejects.toMatchObject({ exitCode: 2 });
    const aborted = AbortSignal.abort(new Error('deadline'));
    await expect(collectDiff({ kind: 'staged' }, { cwd: repo, readLimitBytes: 1e6, signal: aborted })).rejects.toThrow(
      'deadline',
    );
    const outside = mkdtempSync(join(tmpdir(), 'payready-nogit-'));
    try {
      await expect(collectDiff({ kind: 'staged' }, { cwd: outside, readLimitBytes: 1e6 })).rejects.toMatchObject({
        exitCode: 2,
      });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
