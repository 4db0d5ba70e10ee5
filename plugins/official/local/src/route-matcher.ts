import type { RouteIndex } from './route-index.js';
import { passageStrength } from './search-passages.js';
import { queryTerms } from './text-terms.js';

export interface RouteMatch {
  path: string;
  line: number;
  /** 0..1, as searchPassages computes it: the coverage of the query's content words, smoothed. */
  strength: number;
  /** Query terms the passage holds / query terms. */
  matched: number;
  total: number;
}

// Coverage in hundredths, as searchPassages weighs it: an exact term counts fully, a prefix-only one 0.85.
const EXACT = 100;
const PREFIX = 85;
const RESET_AT = 2 ** 30;
// A passage's slots: the query and the term that last touched it, then its weight, matched count and rarity.
const STRIDE = 5;
const QUERY = 0;
const TERM = 1;
const WEIGHT = 2;
const MATCHED = 3;
const RARITY = 4;
// Rarity, the tie-break, is an integer sum of idf × weight (× 2 in a heading), idf in 1/64ths: 32 terms of
// even a billion passages stay far below 2^31.
const IDF_SCALE = 64;

/**
 * The best passage for a query, without minisearch: counts each query term's hits per passage in reused typed
 * arrays (stamped rather than cleared, so a query costs its terms' postings, not the passage count). A term
 * with more postings than index.walkLimit is not walked but checked, by binary search in the forward index,
 * against the passages the rarer terms found plus an even sample of the rarest common term's passages; so the
 * result is exact whenever a query holds a term rarer than that, and a sampled lower bound when it holds only
 * very common ones. Equal coverage goes to the passage with the rarer terms (idf, headings counting double),
 * then to the earlier one — BM25's order, roughly.
 */
export class RouteMatcher {
  /** Per passage, STRIDE ints side by side (one cache line, not five arrays' worth, per posting walked). */
  private readonly slots: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private clock = 0;
  /** lo, hi, exact (0/1), scaled idf per common term of the current query. */
  private readonly common: number[] = [];
  /** Candidates by query terms matched so far (at most 32 terms: queryTerms' cap). */
  private readonly countsByMatched = new Int32Array(33);

  constructor(private readonly index: RouteIndex) {
    this.slots = new Int32Array(index.passageCount * STRIDE);
    this.touched = new Int32Array(index.passageCount);
  }

  best(text: string): RouteMatch | undefined {
    const { index } = this;
    if (index.passageCount === 0) return undefined;
    const terms = queryTerms(text);
    if (terms.length === 0) return undefined;
    const query = this.startQuery();
    this.touchedCount = 0;
    this.common.length = 0;
    for (const term of terms) {
      const run = index.lookup(term);
      if (!run) continue;
      const { lo, hi, exact } = run;
      const start = index.offsets[lo]!;
      const end = index.offsets[hi]!;
      const idf = Math.round(IDF_SCALE * Math.log(1 + index.passageCount / (end - start)));
      if (end - start > index.walkLimit) this.common.push(lo, hi, exact ? 1 : 0, idf);
      else this.walk({ query, start, end, exactEnd: exact ? index.offsets[lo + 1]! : start, idf });
    }
    if (this.common.length > 0) this.checkCommon(query);
    return this.pick(terms.length);
  }

  private walk(run: { query: number; start: number; end: number; exactEnd: number; idf: number }): void {
    const { postings } = this.index;
    const { slots } = this;
    const stamp = ++this.clock;
    for (let i = run.start; i < run.end; i++) {
      const entry = postings[i]!;
      const at = (entry >> 1) * STRIDE;
      // Counted already for this term: an exact hit first, or another term of the prefix run.
      if (slots[at + TERM] === stamp) continue;
      slots[at + TERM] = stamp;
      if (slots[at + QUERY] !== run.query) this.touch(entry >> 1, run.query);
      const weight = i < run.exactEnd ? EXACT : PREFIX;
      slots[at + WEIGHT]! += weight;
      slots[at + MATCHED]!++;
      slots[at + RARITY]! += run.idf * weight * (1 + (entry & 1));
    }
  }

  private touch(passage: number, query: number): void {
    const at = passage * STRIDE;
    if (this.slots[at + QUERY] === query) return;
    this.slots[at + QUERY] = query;
    this.slots[at + WEIGHT] = 0;
    this.slots[at + MATCHED] = 0;
    this.slots[at + RARITY] = 0;
    this.touched[this.touchedCount++] = passage;
  }

  /**
   * Adds the common terms' hits to the candidates by binary search in the forward index. Candidates are the
   * passages the walked terms found plus an even sample of the rarest common term's; past checkLimit of them,
   * only those holding the most query terms so far are checked (the others keep their lower count).
   */
  private checkCommon(query: number): void {
    const { common, slots } = this;
    const { offsets, postings, checkLimit, forward } = this.index;
    let rarest = 0;
    const entries = (c: number): number => offsets[common[c + 1]!]! - offsets[common[c]!]!;
    for (let c = 4; c < common.length; c += 4) if (entries(c) < entries(rarest)) rarest = c;
    const start = offsets[common[rarest]!]!;
    const step = Math.ceil(entries(rarest) / checkLimit);
    for (let i = start; i < start + entries(rarest); i += step) this.touch(postings[i]! >> 1, query);
    const selection = this.selectionFloor();
    const { floor } = selection;
    let { atFloor } = selection;
    const { offsets: from, terms } = forward;
    for (let t = 0; t < this.touchedCount; t++) {
      const passage = this.touched[t]!;
      const at = passage * STRIDE;
      if (slots[at + MATCHED]! < floor || (slots[at + MATCHED] === floor && atFloor-- <= 0)) continue;
      for (let c = 0; c < common.length; c += 4) {
        const lo = common[c]!;
        const term = lowerBound({ values: terms, from: from[passage]!, to: from[passage + 1]!, target: lo });
        if (term >= common[c + 1]!) continue;
        const weight = term === lo && common[c + 2] === 1 ? EXACT : PREFIX;
        slots[at + WEIGHT]! += weight;
        slots[at + MATCHED]!++;
        slots[at + RARITY]! += common[c + 3]! * weight;
      }
    }
  }

  /** Which candidates checkCommon checks: all with more than `floor` terms so far, and `atFloor` with exactly. */
  private selectionFloor(): { floor: number; atFloor: number } {
    const { checkLimit } = this.index;
    if (this.touchedCount <= checkLimit) return { floor: 0, atFloor: this.touchedCount };
    const counts = this.countsByMatched.fill(0);
    for (let t = 0; t < this.touchedCount; t++) counts[this.slots[this.touched[t]! * STRIDE + MATCHED]!]!++;
    let above = 0;
    let floor = counts.length - 1;
    while (above + counts[floor]! < checkLimit) above += counts[floor--]!;
    return { floor, atFloor: checkLimit - above };
  }

  private pick(total: number): RouteMatch | undefined {
    const { slots } = this;
    let best = -1;
    let bestAt = 0;
    for (let t = 0; t < this.touchedCount; t++) {
      const p = this.touched[t]!;
      const at = p * STRIDE;
      const weight = slots[at + WEIGHT]! - slots[bestAt + WEIGHT]!;
      const rarity = slots[at + RARITY]! - slots[bestAt + RARITY]!;
      if (best < 0 || weight > 0 || (weight === 0 && (rarity > 0 || (rarity === 0 && p < best)))) {
        best = p;
        bestAt = at;
      }
    }
    if (best < 0 || slots[bestAt + WEIGHT] === 0) return undefined;
    const { files, passages } = this.index;
    return {
      path: files[passages[2 * best]!]!,
      line: passages[2 * best + 1]!,
      strength: passageStrength(slots[bestAt + WEIGHT]! / EXACT, total),
      matched: slots[bestAt + MATCHED]!,
      total,
    };
  }

  /**
   * A query's stamp; its terms' stamps follow. The slots are cleared when the counter nears overflow — once in
   * some 30 million queries — and never mid-query (a query takes at most 33 stamps).
   */
  private startQuery(): number {
    if (this.clock >= RESET_AT) {
      this.slots.fill(0);
      this.clock = 0;
    }
    return ++this.clock;
  }
}

/** The first value in values[from .. to) that is ≥ target (ascending), or +Infinity. */
function lowerBound(range: { values: Int32Array; from: number; to: number; target: number }): number {
  let { from: low, to: high } = range;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (range.values[middle]! < range.target) low = middle + 1;
    else high = middle;
  }
  return low < range.to ? range.values[low]! : Number.POSITIVE_INFINITY;
}
