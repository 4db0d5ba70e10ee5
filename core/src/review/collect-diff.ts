import { UsageError } from '@payready/shared';
import { runGit } from './run-git.js';
import { splitDiff, type DiffFile } from './split-diff.js';

/** What to review: the staged changes, a commit range, or given files against HEAD. */
export type DiffSource =
  { kind: 'staged' } | { kind: 'range'; range: string } | { kind: 'files'; files: string[] } | { kind: 'auto' };

export interface CollectedDiff {
  files: DiffFile[];
  /** The source actually used (`auto` resolves to staged or working tree). */
  description: string;
  /** Files git listed but whose diff was past the read limit. */
  unread: string[];
}

const DIFF_ARGS = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', '-M'];
// git's well-known id of the empty tree: the base to diff against before the first commit.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

async function headOrEmptyTree(cwd: string): Promise<string> {
  const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd, okCodes: [1] });
  return head.code === 0 ? 'HEAD' : EMPTY_TREE;
}

function checkedRange(range: string): string {
  // Never let a range be read as an option (`--output=…`).
  if (!/^[^-\s][^\s]*$/.test(range))
    throw new UsageError(`--range ${JSON.stringify(range)} is not a commit range`, {
      hint: 'e.g. --range main..HEAD or --range HEAD~3..HEAD',
    });
  return range;
}

/** The git arguments of each source, and how it is described to the reviewer. */
async function plan(source: DiffSource, cwd: string): Promise<{ args: string[]; description: string }> {
  switch (source.kind) {
    case 'staged':
      return { args: ['--cached'], description: 'staged changes' };
    case 'range':
      return { args: [checkedRange(source.range)], description: `commits ${source.range}` };
    case 'files':
      return {
        args: [await headOrEmptyTree(cwd), '--', ...source.files],
        description: `changes to ${source.files.join(', ')}`,
      };
    case 'auto': {
      const staged = await runGit(['diff', '--cached', '--quiet'], { cwd, okCodes: [1] });
      return staged.code === 1
        ? { args: ['--cached'], description: 'staged changes' }
        : { args: [], description: 'unstaged changes' };
    }
  }
}

/** Untracked files named on the command line: `git diff HEAD` does not see them, `--no-index` does. */
async function untrackedDiffs(files: readonly string[], cwd: string, maxBytes: number): Promise<DiffFile[]> {
  const listed = await runGit(['ls-files', '--others', '--exclude-standard', '-z', '--', ...files], { cwd });
  const untracked = listed.stdout.split('\0').filter(Boolean);
  const diffs: DiffFile[] = [];
  for (const file of untracked) {
    const output = await runGit([...DIFF_ARGS, '--no-index', '--', '/dev/null', file], { cwd, maxBytes, okCodes: [1] });
    diffs.push(...splitDiff(output.stdout));
  }
  return diffs;
}

/** The diff to review, split per file. Reads at most `readLimitBytes` of git's output. */
export async function collectDiff(
  source: DiffSource,
  options: { cwd: string; readLimitBytes: number; signal?: AbortSignal },
): Promise<CollectedDiff> {
  const { cwd, readLimitBytes, signal } = options;
  const inside = await runGit(['rev-parse', '--is-inside-work-tree'], { cwd, okCodes: [128] });
  if (inside.stdout.trim() !== 'true')
    throw new UsageError(`${cwd} is not inside a git work tree`, { hint: 'run payready review in a git repository' });
  const { args, description } = await plan(source, cwd);
  const [output, names] = await Promise.all([
    runGit([...DIFF_ARGS, ...args], { cwd, maxBytes: readLimitBytes, ...(signal ? { signal } : {}) }),
    runGit(['diff', '--no-ext-diff', '-M', '--name-only', '-z', ...args], { cwd, ...(signal ? { signal } : {}) }),
  ]);
  const files = splitDiff(output.stdout);
  // A section cut by the read limit is incomplete: drop it rather than review half a file as if whole.
  if (output.clipped) files.pop();
  if (source.kind === 'files') files.push(...(await untrackedDiffs(source.files, cwd, readLimitBytes)));
  const seen = new Set(files.map((file) => file.path));
  const unread = names.stdout.split('\0').filter((name) => name && !seen.has(name));
  return { files, description, unread };
}
