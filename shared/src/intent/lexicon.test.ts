import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEXICON_CLASSES, LEXICON_WORDS, wordClassesOf, wordClassMask } from './lexicon.js';

/** The lexicon as it was first written: every inflection entered up front. The lookup must agree with it. */
function referenceWordClasses(): Map<string, number[]> {
  const map = new Map<string, number[]>();
  LEXICON_CLASSES.forEach((name, classIndex) => {
    for (const word of LEXICON_WORDS[name]!.split(' ')) {
      const list = map.get(word) ?? [];
      if (!list.includes(classIndex)) list.push(classIndex);
      map.set(word, list);
    }
  });
  for (const [word, classes] of [...map]) {
    const stems = [`${word}s`, `${word}es`, `${word}ed`, `${word}d`, `${word}ing`];
    if (word.endsWith('y')) stems.push(`${word.slice(0, -1)}ies`);
    if (word.endsWith('e')) stems.push(`${word.slice(0, -1)}ing`);
    for (const stem of stems) if (!map.has(stem)) map.set(stem, classes);
  }
  return map;
}

const reference = referenceWordClasses();
const SUFFIXES = ['', 's', 'es', 'ed', 'd', 'ing', 'ies', 'y', 'e', 'ss', 'ings', 'eds'];

describe('word classes', () => {
  it('match the up-front table for every listed word, inflection and near miss', () => {
    const candidates = new Set<string>();
    for (const word of reference.keys())
      for (const cut of [0, 1, 2, 3])
        for (const suffix of SUFFIXES) candidates.add(word.slice(0, Math.max(0, word.length - cut)) + suffix);
    expect(candidates.size).toBeGreaterThan(50_000);
    const differ = [...candidates].filter(
      (word) => JSON.stringify(wordClassesOf(word)) !== JSON.stringify(reference.get(word)),
    );
    expect(differ).toEqual([]);
  });

  it('match it on arbitrary strings, and when read from inside a longer text', () => {
    const letters = fc.constantFrom(...'abcdeginorsty-’é'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: letters, maxLength: 12 }), fc.string({ maxLength: 4 }), (word, padding) => {
        expect(wordClassesOf(word)).toEqual(reference.get(word));
        const text = `${padding}${word}${padding}`;
        const mask = (reference.get(word) ?? []).reduce((bits, index) => bits | (1 << index), 0);
        expect(wordClassMask(text, padding.length, padding.length + word.length)).toBe(mask);
      }),
      { numRuns: 5000 },
    );
  });

  it('lets a listed word keep its own classes when it is also an inflection of another', () => {
    // "rated" is a shopping word and also rate+d (a statistic).
    expect(wordClassesOf('rated')).toEqual(reference.get('rated'));
    expect(wordClassesOf('rates')).toEqual(reference.get('rates'));
  });
});
