import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildRouteData, decodeInts, encodeInts } from './route-data.js';
import type { RouteData } from './route-data.js';
import { RouteIndex } from './route-index.js';
import { MINISEARCH_OPTIONS, processTerm } from './text-terms.js';
import type { IndexedPassage } from './text-terms.js';

type Doc = Omit<IndexedPassage, 'id' | 'path' | 'line'> & { path?: string };

function indexOf(docs: Doc[]): MiniSearch<IndexedPassage> {
  const search = new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
  search.addAll(docs.map((doc, i) => ({ id: `p${i}`, path: doc.path ?? `/kb/${i}.md`, line: i + 1, ...doc })));
  return search;
}

/** term → [passage, in heading] pairs, read back from the route data. */
function postingsOf(data: RouteData): Map<string, Array<[number, boolean]>> {
  const offsets = decodeInts(data.offsets);
  const postings = decodeInts(data.postings);
  const result = new Map<string, Array<[number, boolean]>>();
  data.terms.split(' ').forEach((term, i) => {
    const entries = [...postings.subarray(offsets[i]!, offsets[i + 1]!)];
    result.set(
      term,
      entries.map((entry) => [entry >> 1, (entry & 1) === 1]),
    );
  });
  return result;
}

const vocabulary = ['ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abd', 'cache', 'cached', 'caching', 'config'];
const moreWords = ['configuration', 'configure', 'zebra'];

describe('buildRouteData', () => {
  it("holds minisearch's own terms, sorted, each with the live passages holding it and a heading bit", () => {
    const search = indexOf([
      { heading: 'Caching', text: 'Answers are cached. The cache lives on disk.' },
      { heading: '', text: 'Configure the router; configuration is layered.' },
      { heading: 'Old', text: 'Discarded passages caching nothing.' },
      { heading: 'Disk', text: 'Passages about the disk cache.' },
    ]);
    search.discard('p2');
    const data = buildRouteData(search.toJSON());
    const postings = postingsOf(data);
    const terms = [...postings.keys()];
    expect(terms).toEqual([...terms].sort());
    expect(terms).not.toContain('discarded');
    expect(terms).toContain('passage');
    expect(postings.get('caching')).toEqual([[0, true]]);
    expect(postings.get('cache')).toEqual([
      [0, false],
      [2, false],
    ]);
    expect(postings.get('disk')).toEqual([
      [0, false],
      [2, true],
    ]);
    expect(postings.get('configure')).toEqual([[1, false]]);
    expect(data.files).toEqual(['/kb/0.md', '/kb/1.md', '/kb/3.md']);
    expect([...decodeInts(data.passages)]).toEqual([0, 1, 1, 2, 2, 4]);
    // Every term minisearch would match for one of these passages is there, normalised the same way.
    for (const word of ['Answers', 'lives', 'Router', 'layered']) expect(postings.has(processTerm(word)!)).toBe(true);
  });

  it('round-trips integer arrays through base64, and refuses a truncated one', () => {
    const values = Int32Array.from([0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 123_456]);
    expect([...decodeInts(encodeInts(values))]).toEqual([...values]);
    expect([...decodeInts(encodeInts(values.subarray(2, 4)))]).toEqual([-1, 2 ** 31 - 1]);
    expect(() => decodeInts(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/truncated/);
  });
});

describe('RouteIndex', () => {
  const data = buildRouteData(indexOf([{ heading: '', text: [...vocabulary, ...moreWords].join(' ') }]).toJSON());
  const index = new RouteIndex(data);
  const words = (run: ReturnType<RouteIndex['lookup']>): string[] =>
    run ? index.vocabulary.slice(run.lo, run.hi) : [];

  it('finds the run a query term matches: itself, then the terms it is a prefix of (from four letters)', () => {
    expect(words(index.lookup('ab'))).toEqual(['ab']);
    expect(words(index.lookup('abc'))).toEqual(['abc']);
    expect(index.lookup('abcd')).toMatchObject({ exact: true });
    expect(words(index.lookup('abcd'))).toEqual(['abcd', 'abcde', 'abcdef']);
    expect(words(index.lookup('abcdef'))).toEqual(['abcdef']);
    expect(words(index.lookup('cache'))).toEqual(['cache', 'cached']);
    expect(index.lookup('cach')).toMatchObject({ exact: false });
    expect(words(index.lookup('cach'))).toEqual(['cache', 'cached', 'caching']);
    expect(words(index.lookup('confi'))).toEqual(['config', 'configuration', 'configure']);
    expect(words(index.lookup('configur'))).toEqual(['configuration', 'configure']);
    expect(index.lookup('configurz')).toBeUndefined();
    expect(index.lookup('abx')).toBeUndefined();
    expect(index.lookup('aa')).toBeUndefined();
    expect(index.lookup('zebras')).toBeUndefined();
    expect(index.lookup('zzzz')).toBeUndefined();
  });

  it('loads an empty index', () => {
    const empty = new RouteIndex(buildRouteData(indexOf([]).toJSON()));
    expect(empty.passageCount).toBe(0);
    expect(empty.lookup('cache')).toBeUndefined();
  });

  it('refuses route data that does not hang together', () => {
    const ints = (values: number[]): string => encodeInts(Int32Array.from(values));
    const offsets = [...decodeInts(data.offsets)];
    const forwardTerms = [...decodeInts(data.forwardTerms)];
    const broken: Array<Partial<RouteData>> = [
      { offsets: ints(offsets.slice(1)) },
      { offsets: ints([...offsets.slice(0, -1), offsets.at(-1)! + 1]) },
      { offsets: ints(offsets.map((offset, i) => (i === 3 ? offset + 5 : offset))) },
      { postings: ints([...decodeInts(data.postings)].map((entry) => entry + 2)) },
      { terms: data.terms.split(' ').reverse().join(' ') },
      { passages: ints([0, 1, 0]) },
      { passages: ints([1, 1]) },
      { forwardTerms: ints([...forwardTerms].reverse()) },
      { forwardTerms: ints(forwardTerms.map((term) => term + 100)) },
      { forwardOffsets: ints([0]) },
      { offsets: 'AAA' },
    ];
    for (const change of broken) expect(() => new RouteIndex({ ...data, ...change })).toThrow();
  });
});
