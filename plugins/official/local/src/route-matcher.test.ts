import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildRouteData } from './route-data.js';
import { RouteIndex } from './route-index.js';
import { RouteMatcher } from './route-matcher.js';
import { passageStrength } from './search-passages.js';
import { MINISEARCH_OPTIONS, processTerm, queryTerms } from './text-terms.js';
import type { IndexedPassage } from './text-terms.js';

interface Doc {
  heading: string;
  text: string;
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

function setup(docs: Doc[], discard: readonly number[] = []): { matcher: RouteMatcher; index: RouteIndex } {
  const search = new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
  search.addAll(docs.map((doc, i) => ({ id: `p${i}`, path: `/kb/${i}.md`, line: i + 1, ...doc })));
  for (const i of new Set(discard)) search.discard(`p${i}`);
  const index = new RouteIndex(buildRouteData(search.toJSON()));
  return { matcher: new RouteMatcher(index), index };
}

/**
 * canHandle's meaning, by brute force over every live passage: the share of the query's content words the
 * passage holds — exact ones fully, ones it holds only as a prefix of a longer word (from four letters) 0.85 —
 * through searchPassages' smoothing.
 */
function reference(docs: Doc[], query: string, live: (i: number) => boolean = () => true): Map<number, number> {
  const terms = queryTerms(query);
  const strengths = new Map<number, number>();
  docs.forEach((doc, i) => {
    if (!live(i)) return;
    const held = new Set(tokenize(`${doc.heading} ${doc.text}`).flatMap((token) => processTerm(token) ?? []));
    let weighted = 0;
    for (const term of terms) {
      if (held.has(term)) weighted += 100;
      else if (term.length >= 4 && [...held].some((word) => word.startsWith(term))) weighted += 85;
    }
    if (weighted > 0) strengths.set(i, passageStrength(weighted / 100, terms.length));
  });
  return strengths;
}

const words = ['cache', 'cached', 'caching', 'config', 'configure', 'configuration', 'disk', 'disks', 'ttl', 'router'];
const more = ['route', 'routes', 'agent', 'agents', 'policy', 'policies', 'abcd', 'abcde', 'ab', 'the', 'how', 'Disk'];
const word = fc.constantFrom(...words, ...more);
const sentence = fc.array(word, { maxLength: 12 }).map((list) => list.join(' '));
const doc = fc.record({ heading: fc.array(word, { maxLength: 3 }).map((list) => list.join(' ')), text: sentence });
const query = fc
  .array(fc.oneof(word, fc.constantFrom('unknown', 'zebra', 'conf', 'cach', 'configur', 'rout')), { maxLength: 10 })
  .map((list) => list.join(' '));

describe('RouteMatcher', () => {
  it('finds the strongest passage exactly on knowledge bases small enough to walk every term', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { maxLength: 30 }),
        fc.array(fc.nat(29)),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        (docs, gone, queries) => {
          const { matcher } = setup(
            docs,
            gone.filter((i) => i < docs.length),
          );
          const live = (i: number): boolean => !gone.includes(i);
          for (const text of queries) {
            const strengths = reference(docs, text, live);
            const best = matcher.best(text);
            if (strengths.size === 0) {
              expect(best).toBeUndefined();
              continue;
            }
            expect(best?.strength).toBe(Math.max(...strengths.values()));
            expect(strengths.get(best!.line - 1)).toBe(best!.strength);
            expect(best!.path).toBe(`/kb/${best!.line - 1}.md`);
            expect(best!.total).toBe(queryTerms(text).length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts matched terms, and keeps the smoothing: most words ≥ 0.7, one stray word of many < 0.2', () => {
    const { matcher } = setup([
      {
        heading: 'Caching',
        text: 'Answers are cached in memory and on disk; the cache time to live defaults to a day.',
      },
      { heading: 'Routing', text: 'The router scores every agent and picks the highest score above the threshold.' },
    ]);
    expect(matcher.best('how long is the cache time to live?')).toEqual({
      path: '/kb/0.md',
      line: 1,
      strength: 0.84,
      matched: 3,
      total: 4,
    });
    expect(matcher.best('how does the router pick an agent')!.strength).toBeGreaterThanOrEqual(0.7);
    expect(matcher.best('write a haiku about autumn leaves and the disk')!.strength).toBeLessThan(0.2);
    expect(matcher.best('router')).toMatchObject({ strength: 0.8, matched: 1, total: 1 });
    expect(matcher.best('routers')).toMatchObject({ strength: 0.8 });
    expect(matcher.best('rout')).toMatchObject({ strength: 0.75, matched: 1 });
    expect(matcher.best('the of and')).toBeUndefined();
    expect(matcher.best('mongolia')).toBeUndefined();
  });

  it('gives equal coverage to the passage with the rarer words, a heading hit, then the earlier passage', () => {
    const { matcher } = setup([
      { heading: '', text: 'alpha common' },
      { heading: '', text: 'beta common' },
      { heading: '', text: 'alpha gamma' },
      { heading: 'beta', text: 'something else' },
      { heading: '', text: 'delta' },
      { heading: '', text: 'delta' },
    ]);
    expect(matcher.best('beta common')).toMatchObject({ line: 2, strength: 1 });
    expect(matcher.best('alpha beta')).toMatchObject({ line: 4, matched: 1 });
    expect(matcher.best('gamma alpha')).toMatchObject({ line: 3, strength: 1 });
    expect(matcher.best('delta')).toMatchObject({ line: 5 });
  });

  it('stays exact for a query with a rare word on a knowledge base too large to walk common words', () => {
    const docs: Doc[] = Array.from({ length: 1200 }, (_, i) => ({
      heading: i % 2 === 0 ? 'Overview' : '',
      text: `common filler number ${i % 37 === 0 ? 'router' : 'other'} ${i % 3 === 0 ? 'cache' : 'note'}${i === 700 ? ' zebra' : ''}`,
    }));
    const { matcher, index } = setup(docs);
    expect(index.passageCount).toBeGreaterThan(index.walkLimit);
    for (const text of ['zebra common cache', 'zebra router overview', 'router cache common', 'zebra note filler']) {
      const strengths = reference(docs, text);
      const best = matcher.best(text)!;
      expect(best.strength).toBe(Math.max(...strengths.values()));
      expect(strengths.get(best.line - 1)).toBe(best.strength);
    }
    // Only common words: a sample of passages is checked, so the strength is a lower bound — here exact, since
    // every passage holds all three.
    expect(matcher.best('common filler number')).toMatchObject({ strength: 1, matched: 3 });
  });

  it('never overstates: on large knowledge bases the strength reported is the cited passage’s own', () => {
    // word10 is half of all words, word9 a quarter…; and word1 is a prefix of word10, so runs span terms.
    const skewed = fc
      .array(fc.nat(2046), { minLength: 1, maxLength: 10 })
      .map((ranks) => ranks.map((rank) => `word${Math.floor(Math.log2(rank + 1))}`).join(' '));
    fc.assert(
      fc.property(
        fc.array(skewed, { minLength: 400, maxLength: 700 }),
        fc.array(skewed, { minLength: 1, maxLength: 5 }),
        (texts, queries) => {
          const docs = texts.map((text) => ({ heading: '', text }));
          const { matcher, index } = setup(docs);
          const run = index.lookup('word10')!;
          expect(index.offsets[run.hi]! - index.offsets[run.lo]!).toBeGreaterThan(index.walkLimit);
          for (const text of queries) {
            const strengths = reference(docs, text);
            const best = matcher.best(text);
            if (!best) {
              expect(strengths.size).toBe(0);
              continue;
            }
            expect(strengths.get(best.line - 1)).toBe(best.strength);
            expect(best.strength).toBeLessThanOrEqual(Math.max(...strengths.values()));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('survives its stamp counter wrapping', () => {
    const { matcher } = setup([
      { heading: '', text: 'cache disk' },
      { heading: '', text: 'router agent' },
    ]);
    const before = ['cache disk', 'router', 'agent cache'].map((text) => matcher.best(text));
    (matcher as unknown as { clock: number }).clock = 2 ** 30 - 2;
    for (let round = 0; round < 3; round++) {
      expect(['cache disk', 'router', 'agent cache'].map((text) => matcher.best(text))).toEqual(before);
    }
  });
});
