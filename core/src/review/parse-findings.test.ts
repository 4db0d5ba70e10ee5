import { describe, expect, it } from 'vitest';
import { extractJson, parseFindings } from './parse-findings.js';
import { atOrAbove, SEVERITIES } from './severity.js';

const finding = { severity: 'high', file: 'src/a.js', line: 3, message: 'divides by zero' };

describe('parseFindings', () => {
  it('accepts the asked-for object, a bare array, a fenced block and text around the JSON', async () => {
    const object = JSON.stringify({ findings: [finding] });
    for (const reply of [
      object,
      JSON.stringify([finding]),
      `\`\`\`json\n${object}\n\`\`\``,
      `Here you go:\n${object}\nThanks.`,
    ]) {
      expect(await parseFindings(reply)).toEqual({ ok: true, findings: [finding] });
    }
    expect(await parseFindings('{"findings":[]}')).toEqual({ ok: true, findings: [] });
  });

  it('normalises severity case, numeric-string lines, and a missing or zero line to null', async () => {
    const reply = JSON.stringify({
      findings: [
        { severity: ' High', file: 'a', line: '12', message: 'm' },
        { severity: 'info', file: 'b', message: 'whole file' },
        { severity: 'low', file: 'c', line: 0, message: 'm' },
      ],
    });
    const parsed = await parseFindings(reply);
    expect(parsed.ok && parsed.findings.map((item) => [item.severity, item.line])).toEqual([
      ['high', 12],
      ['info', null],
      ['low', null],
    ]);
  });

  it('rejects prose, broken JSON and schema violations with a reason the model can act on', async () => {
    expect(await parseFindings('Looks good to me!')).toEqual({
      ok: false,
      problem: 'the reply contains no JSON object',
    });
    expect(await parseFindings('{"findings": [')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not valid JSON'),
    });
    const wrong = await parseFindings(JSON.stringify({ findings: [{ ...finding, severity: 'catastrophic' }] }));
    expect(wrong).toMatchObject({ ok: false, problem: expect.stringContaining('findings.0.severity') });
    const missing = await parseFindings(JSON.stringify({ findings: [{ severity: 'low', file: 'a', line: 1 }] }));
    expect(missing).toMatchObject({ ok: false, problem: expect.stringContaining('message') });
    expect(await parseFindings('{"issues": []}')).toMatchObject({ ok: false });
  });

  it('extractJson finds the JSON inside a fence without a language tag', () => {
    expect(extractJson('```\n{"a":1}\n```')).toBe('{"a":1}');
    expect(extractJson('no json')).toBeUndefined();
  });
});

describe('severity order', () => {
  it('compares at or above', () => {
    expect(SEVERITIES).toEqual(['info', 'low', 'medium', 'high', 'critical']);
    expect(atOrAbove('critical', 'high')).toBe(true);
    expect(atOrAbove('high', 'high')).toBe(true);
    expect(atOrAbove('medium', 'high')).toBe(false);
  });
});
