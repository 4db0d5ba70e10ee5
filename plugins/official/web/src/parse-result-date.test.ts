import { describe, expect, it } from 'vitest';
import { parseResultDate } from './parse-result-date.js';

const NOW = new Date('2026-06-15T12:00:00Z');

describe('parseResultDate', () => {
  it.each([
    ['3 days ago', '2026-06-12'],
    ['1 day ago', '2026-06-14'],
    ['an hour ago', '2026-06-15'],
    ['13 hours ago', '2026-06-14'],
    ['2 weeks ago', '2026-06-01'],
    ['5 minutes ago', '2026-06-15'],
    ['1 month ago', '2026-05-16'],
    ['2 years ago', '2024-06-15'],
  ])('reads Brave relative age %j', (age, expected) => {
    expect(parseResultDate(age, NOW)).toBe(expected);
  });

  it.each([
    ['2026-03-05', '2026-03-05'],
    ['2026-03-05T23:30:00', '2026-03-05'],
    ['2026-03-05T23:30:00.123', '2026-03-05'],
    ['2026-03-05T23:30:00Z', '2026-03-05'],
    ['2026-03-05T23:30:00-05:00', '2026-03-06'],
    ['March 5, 2026', '2026-03-05'],
    ['5 Mar 2026', '2026-03-05'],
    ['Thu, 05 Mar 2026 10:00:00 GMT', '2026-03-05'],
  ])('reads absolute date %j as a UTC day', (value, expected) => {
    expect(parseResultDate(value, NOW)).toBe(expected);
  });

  it.each([undefined, null, '', '   ', 'yesterday-ish', 42, '1970-01-01', '2099-01-01'])('rejects %j', (value) => {
    expect(parseResultDate(value, NOW)).toBeUndefined();
  });
});
