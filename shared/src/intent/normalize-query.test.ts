import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeQuery, replaceAllPlaceholders, straightenQuotes } from './normalize-query.js';

/** normalizeQuery as first written: one gate, the full pattern, then case and spacing. */
function reference(text: string, maxChars = 512): string {
  const cut = straightenQuotes(text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text);
  const replaced = /[0-9`~/@]|\w\.\w/.test(cut) ? replaceAllPlaceholders(cut) : cut;
  return replaced.toLowerCase().replace(/\s+/g, ' ').trim();
}

const PIECES = [
  ...'abcxyzAZ019_-.,/@`~:?+\'"(= \n\t\u00a0ſKİ‘’“”'.split(''),
  'www.',
  'https://',
  '.com',
  '.co.uk',
  '.ts',
  '.Py',
  '.md',
  'March ',
  'jan. ',
  '5th ',
  ' of ',
  '2024',
  '1999',
  '12/05/2023',
  '3.5',
  '1,000',
  '```',
  'a-.ts',
  'x@y.io',
  '~/x',
  '  ',
];

describe('normalizeQuery', () => {
  it('matches the single-pattern reference on texts built from the pieces placeholders are made of', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(normalizeQuery(text)).toBe(reference(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('makes typographic quotes straight', () => {
    expect(normalizeQuery('What’s the “Met Gala” theme?')).toBe('what\'s the "met gala" theme?');
    expect(normalizeQuery('‘up for sale’')).toBe("'up for sale'");
  });

  it('matches it on arbitrary strings and on cut texts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(normalizeQuery(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
    const long = 'In 2019 it cost $72.9 billion, see src/a.ts. '.repeat(40);
    expect(normalizeQuery(long, 100)).toBe(reference(long, 100));
  });
});
