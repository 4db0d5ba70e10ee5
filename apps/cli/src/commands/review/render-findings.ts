import { SEVERITIES, type Finding, type Severity } from '@payready/core';

const COLOURS: Record<Severity, string> = { info: '36', low: '34', medium: '33', high: '31', critical: '1;31' };

/** `2 high, 1 low`, most severe first; `no findings` for none. */
export function countsLine(findings: readonly Finding[]): string {
  const counts = [...SEVERITIES].reverse().flatMap((severity) => {
    const count = findings.filter((finding) => finding.severity === severity).length;
    return count > 0 ? [`${count} ${severity}`] : [];
  });
  return counts.length === 0
    ? 'no findings'
    : `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts.join(', ')}`;
}

/** For a person: findings grouped by file (files in order of their most severe finding), line, severity, message. */
export function renderFindingsText(findings: readonly Finding[], options: { color: boolean }): string {
  const paint = (severity: Severity, text: string) =>
    options.color ? `\u001b[${COLOURS[severity]}m${text}\u001b[0m` : text;
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const blocks = [...byFile].map(([file, items]) => {
    const lines = [...items]
      .sort((left, right) => (left.line ?? 0) - (right.line ?? 0))
      .map((finding) => {
        const where = (finding.line === null ? '-' : String(finding.line)).padStart(5);
        const message = finding.message.split('\n').join(`\n${' '.repeat(18)}`);
        return `${where}  ${paint(finding.severity, finding.severity.padEnd(9))} ${message}`;
      });
    return `${options.color ? `\u001b[1m${file}\u001b[0m` : file}\n${lines.join('\n')}`;
  });
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

// Workflow commands: data escapes %, CR, LF; property values also ':' and ','.
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'warning',
  info: 'notice',
};

/** GitHub Actions annotations: `::error file=…,line=…,title=…::message`, one per finding. */
export function renderGithubAnnotations(findings: readonly Finding[]): string {
  return findings
    .map((finding) => {
      const properties = [
        `file=${escapeProperty(finding.file)}`,
        ...(finding.line === null ? [] : [`line=${finding.line}`]),
        `title=${escapeProperty(`payready review (${finding.severity})`)}`,
      ];
      return `::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}\n`;
    })
    .join('');
}
