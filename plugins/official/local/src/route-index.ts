import { decodeInts } from './route-data.js';
import type { RouteData } from './route-data.js';

/** minisearch's prefix search applies to query terms this long or longer (MINISEARCH_OPTIONS.searchOptions). */
export const MIN_PREFIX = 4;
// A term is walked — each passage holding it (or a longer word it starts) counted — if that is at most
// max(MIN_WALK, WALK_FACTOR × √passages) postings; a commoner one is looked up, by binary search, in at most
// CHECK_LIMIT candidates instead. So the work per query is sub-linear in the knowledge base, and on one of a few
// hundred passages nearly every term is walked. Tuned on the repo's docs plus up to 600 dependency READMEs (9,000
// passages): the same strengths there as walking every term, at a third of the cost.
const MIN_WALK = 256;
const WALK_FACTOR = 2;
const CHECK_LIMIT = 64;

/** The vocabulary run a query term matches: terms lo..hi-1, the first being the term itself when `exact`. */
export interface TermRun {
  lo: number;
  hi: number;
  exact: boolean;
}

/**
 * The inverted map canHandle reads, loaded from RouteData. The vocabulary is sorted, so the terms a query term
 * matches — itself, then the longer ones it is a prefix of — are one run of it, and their postings one run of
 * `postings`. `forward` tells, by binary search, whether a passage holds a term of a run: for terms too common
 * to walk.
 */
export class RouteIndex {
  readonly passageCount: number;
  readonly files: readonly string[];
  /** Two entries per passage: its file's index, and its line. */
  readonly passages: Int32Array;
  readonly vocabulary: readonly string[];
  readonly offsets: Int32Array;
  readonly postings: Int32Array;
  /** Postings a term may have and still be walked; commoner ones are only checked against candidates. */
  readonly walkLimit: number;
  /** Candidates checked for the common terms of a query. */
  readonly checkLimit = CHECK_LIMIT;
  /** Each passage's term numbers (ascending): forward.terms[forward.offsets[p] .. [p + 1]). */
  readonly forward: { offsets: Int32Array; terms: Int32Array };
  private readonly termIds = new Map<string, number>();
  /** Per term: the end of the run of terms it is a prefix of (itself included). */
  private readonly runEnds: Int32Array;
  /** First MIN_PREFIX characters → where the terms starting so lie: buckets[2 × id], buckets[2 × id + 1]. */
  private readonly bucketIds = new Map<string, number>();
  private readonly buckets: number[] = [];

  constructor(data: RouteData) {
    this.files = data.files;
    this.passages = decodeInts(data.passages);
    this.passageCount = this.passages.length / 2;
    this.offsets = decodeInts(data.offsets);
    this.postings = decodeInts(data.postings);
    this.vocabulary = data.terms === '' ? [] : data.terms.split(' ');
    this.forward = { offsets: decodeInts(data.forwardOffsets), terms: decodeInts(data.forwardTerms) };
    this.validate();
    this.walkLimit = Math.max(MIN_WALK, Math.ceil(WALK_FACTOR * Math.sqrt(this.passageCount)));
    this.runEnds = new Int32Array(this.vocabulary.length);
    this.indexTerms();
  }

  /** The run `term` matches, minisearch-style: exact, or as a prefix when MIN_PREFIX long. */
  lookup(term: string): TermRun | undefined {
    const id = this.termIds.get(term);
    if (id !== undefined) return { lo: id, hi: term.length >= MIN_PREFIX ? this.runEnds[id]! : id + 1, exact: true };
    if (term.length < MIN_PREFIX) return undefined;
    const bucket = this.bucketIds.get(term.length === MIN_PREFIX ? term : term.slice(0, MIN_PREFIX));
    if (bucket === undefined) return undefined;
    const { vocabulary } = this;
    let lo = this.buckets[2 * bucket]!;
    let hi = this.buckets[2 * bucket + 1]!;
    if (term.length > MIN_PREFIX) {
      lo = search({ from: lo, to: hi, before: (i) => vocabulary[i]! < term });
      hi = search({ from: lo, to: hi, before: (i) => vocabulary[i]!.startsWith(term) });
    }
    return lo < hi ? { lo, hi, exact: false } : undefined;
  }

  /** A corrupt cache file must not turn into out-of-range reads; the caller rebuilds the index instead. */
  private validate(): void {
    const { offsets, postings, passages, vocabulary } = this;
    const fail = (what: string): never => {
      throw new Error(`route data: ${what}`);
    };
    if (passages.length % 2 !== 0) fail('odd passage table');
    if (offsets.length !== vocabulary.length + 1 || offsets[0] !== 0) fail('offsets do not fit the vocabulary');
    if (offsets[vocabulary.length] !== postings.length) fail('offsets do not fit the postings');
    for (let i = 1; i < offsets.length; i++) if (offsets[i]! < offsets[i - 1]!) fail('offsets out of order');
    for (const entry of postings) if (entry < 0 || entry >> 1 >= this.passageCount) fail('posting out of range');
    for (let i = 0; i < passages.length; i += 2) {
      if (!(passages[i]! >= 0 && passages[i]! < this.files.length)) fail('file out of range');
    }
    for (let i = 1; i < vocabulary.length; i++) if (!(vocabulary[i - 1]! < vocabulary[i]!)) fail('terms out of order');
    const forward = this.forward;
    if (forward.offsets.length !== this.passageCount + 1 || forward.offsets[0] !== 0) fail('forward offsets');
    if (forward.offsets[this.passageCount] !== forward.terms.length) fail('forward offsets do not fit');
    for (let p = 0; p < this.passageCount; p++) {
      const [from, to] = [forward.offsets[p]!, forward.offsets[p + 1]!];
      if (to < from) fail('forward offsets out of order');
      for (let i = from; i < to; i++) {
        const term = forward.terms[i]!;
        if (!(term >= 0 && term < vocabulary.length) || (i > from && term <= forward.terms[i - 1]!))
          fail('forward terms');
      }
    }
  }

  private indexTerms(): void {
    const { vocabulary, runEnds } = this;
    // Open runs: terms that are a prefix of the current one. Sorted order puts a term's extensions right after it.
    const open: number[] = [];
    let bucketKey = '';
    for (let i = 0; i < vocabulary.length; i++) {
      const term = vocabulary[i]!;
      this.termIds.set(term, i);
      while (open.length > 0 && !term.startsWith(vocabulary[open.at(-1)!]!)) runEnds[open.pop()!] = i;
      open.push(i);
      if (term.length < MIN_PREFIX) continue;
      const key = term.slice(0, MIN_PREFIX);
      if (key !== bucketKey) {
        this.bucketIds.set(key, this.buckets.length / 2);
        this.buckets.push(i, i + 1);
        bucketKey = key;
      } else this.buckets[this.buckets.length - 1] = i + 1;
    }
    for (const id of open) runEnds[id] = vocabulary.length;
  }
}

/** The first index in from..to-1 for which `before` is false (`before` holds for a prefix of the range). */
function search(range: { from: number; to: number; before: (index: number) => boolean }): number {
  let { from: low, to: high } = range;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (range.before(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}
