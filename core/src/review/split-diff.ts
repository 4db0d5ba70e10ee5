/** One file's part of a unified diff, from its `diff --git` line up to the next one. */
export interface DiffFile {
  /** Path in the new version (the old one for a deletion). */
  path: string;
  /** The section's text, header included, ending with a newline. */
  text: string;
  /** `Binary files … differ` or a `GIT binary patch`: never sent to a model. */
  binary: boolean;
}

const HEADER = 'diff --git ';

/** `diff --git a/x b/x` → x; for renames and odd names the `+++`/`---` lines are more reliable. */
function pathOf(lines: readonly string[]): string {
  for (const line of lines) {
    if (line.startsWith('+++ b/')) return line.slice(6);
    if (line.startsWith('rename to ')) return line.slice('rename to '.length);
  }
  for (const line of lines) {
    if (line.startsWith('--- a/')) return line.slice(6);
  }
  const header = lines[0]!.slice(HEADER.length);
  const same = /^a\/(.+) b\/\1$/.exec(header);
  if (same) return same[1]!;
  const split = header.lastIndexOf(' b/');
  return split >= 0 ? header.slice(split + 3) : header;
}

function isBinary(lines: readonly string[]): boolean {
  for (const line of lines) {
    if (line.startsWith('@@')) return false;
    if (line.startsWith('Binary files ') || line === 'GIT binary patch') return true;
  }
  return false;
}

/** Splits `git diff` output into per-file sections (git's own order). Text before the first header is dropped. */
export function splitDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let current: string[] | undefined;
  const flush = () => {
    if (!current) return;
    files.push({ path: pathOf(current), text: `${current.join('\n')}\n`, binary: isBinary(current) });
  };
  const lines = diff.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (line.startsWith(HEADER)) {
      flush();
      current = [line];
    } else if (current) {
      current.push(line);
    }
  }
  flush();
  return files;
}
