import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { processTerm, queryTerms } from './text-terms.js';

const minisearchTokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** What the index side does with a text: minisearch's tokenize, then processTerm; distinct, in order. */
function reference(text: string, max = 32): string[] {
  const terms: string[] = [];
  for (const token of minisearchTokenize(text)) {
    const term = processTerm(token);
    if (term && !terms.includes(term)) terms.push(term);
    if (terms.length >= max) break;
  }
  return terms;
}

// Words, mixed case, the ASCII punctuation minisearch splits on and the symbols it does not ($+<=>^`|~), tabs
// (not a separator), non-ASCII letters, spaces and punctuation, and astral characters.
const piece = fc.constantFrom(
  'Cache',
  'passages',
  'TTL',
  'the',
  'node.js',
  "don't",
  'a$b',
  'x+y',
  'é',
  'Ünïcode',
  'straße',
  'ΣΑΣ',
  '日本語',
  '\u00a0',
  '\u2003',
  '\u2014',
  '«',
  '𐎟',
  '😀',
  '\t',
  '\n',
  '\r\n',
  ' ',
  '  ',
  ',',
  '.',
  '-',
  '_',
  '?',
  '!',
  '/',
  '#',
  '@',
  '~',
  'ies',
  'policies',
  'status',
  'bus',
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join('')),
  fc.string(),
  fc.string({ unit: 'binary' }),
);

describe('queryTerms', () => {
  it('yields exactly the terms the index side derives from the same text', () => {
    fc.assert(
      fc.property(text, (input) => {
        expect(queryTerms(input)).toEqual(reference(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('stops after max distinct terms, whatever follows', () => {
    const words = Array.from({ length: 50 }, (_, i) => `word${i}`);
    const long = `${words.join(' ')} ${'é '.repeat(10)}${'z'.repeat(1_000_000)}`;
    expect(queryTerms(long)).toEqual(words.slice(0, 32));
    expect(queryTerms(long, 5)).toEqual(words.slice(0, 5));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 8 }), (input, max) => {
        expect(queryTerms(input, max)).toEqual(reference(input, max));
      }),
    );
  });

  it('drops stop words and one-letter tokens, lower-cases and strips plurals', () => {
    expect(queryTerms('How do I configure the Caches? Policies, status, buses; a b')).toEqual([
      'configure',
      'cache',
      'policy',
      'status',
      'buse',
    ]);
    expect(queryTerms('')).toEqual([]);
    expect(queryTerms('the and of a')).toEqual([]);
  });
});

describe('processTerm', () => {
  // The plural strip as first written (a regex); the router's char test must agree with it everywhere.
  function regexStem(term: string): string {
    if (term.length > 4 && term.endsWith('ies')) return `${term.slice(0, -3)}y`;
    if (term.length > 3 && term.endsWith('s') && !/(ss|us|is)$/.test(term)) return term.slice(0, -1);
    return term;
  }

  it('stems as the regex version did', () => {
    // Starting with x: no stop word does, so every word reaches the stemmer.
    const word = fc.array(fc.constantFrom('a', 'i', 'u', 's', 'e', 'x', 'S', 'I', 'U'), { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(word, (letters) => {
        const term = `x${letters.join('')}`;
        expect(processTerm(term)).toBe(regexStem(term.toLowerCase()));
      }),
      { numRuns: 2000 },
    );
  });
});
