import { describe, expect, it } from 'vitest';
import type { Finding } from '@payready/core';
import { countsLine, renderFindingsText, renderGithubAnnotations } from './render-findings.js';
import { diffSource, failOnSeverity, maxDiffBytes, reviewFormat } from './review-options.js';

const findings: Finding[] = [
  { severity: 'critical', file: 'b.js', line: 9, message: 'SQL injection' },
  { severity: 'low', file: 'a,b:c.js', line: 3, message: '100% wrong\nsecond line' },
  { severity: 'info', file: 'b.js', line: null, message: 'no tests' },
];

describe('rendering findings', () => {
  it('groups by file in order of first appearance, lines ascending, file-level findings first', () => {
    expect(renderFindingsText(findings, { color: false })).toBe(
      'b.js\n    -  info      no tests\n    9  critical  SQL injection\n\na,b:c.js\n    3  low       100% wrong\n                  second line\n',
    );
    expect(renderFindingsText([], { color: false })).toBe('');
    expect(renderFindingsText(findings, { color: true })).toContain('\u001b[1;31mcritical');
  });

  it('escapes GitHub workflow command data and properties', () => {
    expect(renderGithubAnnotations(findings).split('\n')).toEqual([
      '::error file=b.js,line=9,title=payready review (critical)::SQL injection',
      '::warning file=a%2Cb%3Ac.js,line=3,title=payready review (low)::100%25 wrong%0Asecond line',
      '::notice file=b.js,title=payready review (info)::no tests',
      '',
    ]);
  });

  it('counts by severity, most severe first', () => {
    expect(countsLine(findings)).toBe('3 findings: 1 critical, 1 low, 1 info');
    expect(countsLine([])).toBe('no findings');
  });
});

describe('review options', () => {
  it('parses sources, formats, --fail-on and --max-bytes, and rejects bad combinations', () => {
    expect(diffSource([], { staged: true })).toEqual({ kind: 'staged' });
    expect(diffSource(['x.js'], {})).toEqual({ kind: 'files', files: ['x.js'] });
    expect(diffSource([], {})).toEqual({ kind: 'auto' });
    expect(() => diffSource(['x.js'], { staged: true })).toThrow(/cannot be combined/);
    expect(reviewFormat({ json: true })).toBe('json');
    expect(() => reviewFormat({ json: true, format: 'github' })).toThrow(/cannot be combined/);
    expect(failOnSeverity('HIGH')).toBe('high');
    expect(failOnSeverity('none')).toBeUndefined();
    expect(() => failOnSeverity('severe')).toThrow(/--fail-on/);
    expect(maxDiffBytes('200k')).toBe(204_800);
    expect(maxDiffBytes('1m')).toBe(1_048_576);
    expect(() => maxDiffBytes('12')).toThrow(/at least 1k/);
  });
});
