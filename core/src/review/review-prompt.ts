import type { CappedDiff } from './cap-diff.js';
import { SEVERITIES } from './severity.js';

const SHAPE = `{"findings":[{"severity":"${SEVERITIES.join('|')}","file":"path/as/in/the/diff","line":123,"message":"what is wrong and how to fix it"}]}`;

/**
 * What the reviewer is asked: JSON only, in one fixed shape, so findings can be validated, sorted by
 * severity and turned into exit codes and CI annotations. What was left out is said, so the model does not
 * guess at files it never saw.
 */
export function reviewInstructions(options: {
  description: string;
  diff: CappedDiff;
  masked: number;
  unread?: readonly string[];
}): string {
  const { diff } = options;
  const notes: string[] = [];
  if (diff.truncated.length > 0) notes.push(`Cut short to fit the size limit: ${diff.truncated.join(', ')}.`);
  const omitted = [...diff.omitted, ...(options.unread ?? [])];
  if (omitted.length > 0) notes.push(`Left out (size limit), do not report on them: ${omitted.join(', ')}.`);
  if (diff.binary.length > 0) notes.push(`Binary files, not shown: ${diff.binary.join(', ')}.`);
  if (options.masked > 0)
    notes.push('[REDACTED] marks a secret removed before sending; a secret committed in code is still a finding.');
  return [
    `Review the ${options.description} in the diff below. Reply with JSON only: no prose, no Markdown fences, exactly this shape:`,
    SHAPE,
    '"line" is the line number in the new version of the file (count from the @@ hunk headers); null for a finding about the whole file.',
    'Report real problems, most severe first: bugs, security issues, risky changes, then maintainability. No problems: {"findings":[]}.',
    ...notes,
  ].join('\n');
}

/** The one follow-up after a malformed reply: what was wrong, and the shape again. */
export function retryInstructions(problem: string): string {
  return [
    `Your reply could not be used: ${problem}.`,
    'Reply again with the findings for the same diff as JSON only, nothing before or after it, exactly this shape:',
    SHAPE,
  ].join('\n');
}
