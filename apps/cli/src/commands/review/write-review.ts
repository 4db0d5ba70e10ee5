import { atOrAbove, type CappedDiff, type Finding, type ReviewResult, type Severity } from '@payready/core';
import { ExitCode } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { countsLine, renderFindingsText, renderGithubAnnotations } from './render-findings.js';
import type { ReviewFormat } from './review-options.js';

export interface ReviewReport {
  format: ReviewFormat;
  failOn: Severity | undefined;
  findings: Finding[];
  color: boolean;
  description?: string;
  diff?: CappedDiff;
  masked?: number;
  unread?: string[];
  result?: ReviewResult;
}

function reviewJson(report: ReviewReport, failed: boolean): Record<string, unknown> {
  const last = report.result?.asks.at(-1);
  return {
    findings: report.findings,
    failed,
    failOn: report.failOn ?? null,
    source: report.description ?? null,
    agent: last?.agent ?? null,
    model: last?.model ?? null,
    asks: report.result?.asks.length ?? 0,
    masked: report.masked ?? 0,
    files: {
      reviewed: report.diff?.included ?? [],
      truncated: report.diff?.truncated ?? [],
      omitted: [...(report.diff?.omitted ?? []), ...(report.unread ?? [])],
      binary: report.diff?.binary ?? [],
    },
    bytes: report.diff?.bytes ?? 0,
  };
}

/** stdout: the findings in the chosen format; stderr: what was left out and the verdict. Returns the exit code. */
export function writeReview(io: CliIO, report: ReviewReport, options: { quiet?: boolean }): number {
  const failing =
    report.failOn === undefined ? [] : report.findings.filter((finding) => atOrAbove(finding.severity, report.failOn!));
  const failed = failing.length > 0;
  if (report.format === 'json') io.stdout.write(`${JSON.stringify(reviewJson(report, failed))}\n`);
  else if (report.format === 'github') io.stdout.write(renderGithubAnnotations(report.findings));
  else io.stdout.write(renderFindingsText(report.findings, { color: report.color }));
  if (!options.quiet) {
    const diff = report.diff;
    const notes: string[] = [];
    if (!diff || diff.text === '')
      notes.push(`nothing to review${report.description ? ` (no ${report.description})` : ''}`);
    if (diff && diff.binary.length > 0) notes.push(`skipped ${diff.binary.length} binary file(s)`);
    if (diff && diff.truncated.length + diff.omitted.length + (report.unread?.length ?? 0) > 0) {
      notes.push(
        `diff over the size limit: ${[...diff.truncated.map((file) => `${file} (cut)`), ...diff.omitted, ...(report.unread ?? [])].join(', ')} not fully reviewed`,
      );
    }
    if ((report.masked ?? 0) > 0) notes.push(`masked ${report.masked} secret(s) before sending`);
    for (const note of notes) io.stderr.write(`payready: ${note}\n`);
    if (report.result) {
      const verdict =
        report.failOn === undefined
          ? ''
          : failed
            ? ` — at or above ${report.failOn}: failing (exit 6)`
            : ` — none at or above ${report.failOn}`;
      io.stderr.write(`payready: review: ${countsLine(report.findings)}${verdict}\n`);
    }
  }
  return failed ? ExitCode.findings : ExitCode.ok;
}
