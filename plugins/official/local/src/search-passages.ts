import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import { queryTerms } from './text-terms.js';
import type { IndexedPassage, StoredPassage } from './text-terms.js';

export interface PassageHit extends StoredPassage {
  /** 0..1: how completely this passage answers the query's content words. */
  strength: number;
  /** Query terms matched / query terms. */
  matched: number;
  total: number;
  /** Raw minisearch (BM25) score, for ordering equal strengths. */
  score: number;
}

const CANDIDATES = 25;

/**
 * Passages ranked by strength. Strength comes from coverage — the share of the query's content words the
 * passage holds, exact hits counting fully, prefix ones 0.85, fuzzy ones 0.6 — through a smoothstep, so that
 * most-words-in-one-passage lands above 0.7 and one stray fuzzy hit below 0.2. BM25 alone is unbounded and
 * not comparable across indexes, so it only breaks ties. canHandle does not come here: see RouteMatcher.
 */
export function searchPassages(index: MiniSearch<IndexedPassage>, text: string): PassageHit[] {
  const terms = queryTerms(text);
  if (terms.length === 0 || index.documentCount === 0) return [];
  const results = index.search(terms.join(' '), {
    tokenize: (query) => query.split(' '),
    processTerm: (term) => term,
  });
  const hits = results.slice(0, CANDIDATES).map((result) => toHit(result, terms.length));
  return hits.sort((a, b) => b.strength - a.strength || b.score - a.score);
}

function toHit(result: SearchResult, total: number): PassageHit {
  const docTerms: string[] = result.terms;
  let weighted = 0;
  for (const term of result.queryTerms as string[]) {
    if (docTerms.includes(term)) weighted += 1;
    else if (docTerms.some((docTerm) => docTerm.startsWith(term))) weighted += 0.85;
    else weighted += 0.6;
  }
  return {
    path: result.path as string,
    line: result.line as number,
    heading: result.heading as string,
    text: result.text as string,
    strength: passageStrength(weighted, total),
    matched: result.queryTerms.length,
    total,
    score: result.score,
  };
}

/** Coverage (weighted matched terms / terms) through a smoothstep, rounded to hundredths. Shared with canHandle. */
export function passageStrength(weighted: number, total: number): number {
  const coverage = Math.min(1, weighted / total);
  // One-word queries say little about intent, so even a perfect hit stays below certainty.
  const strength = coverage * coverage * (3 - 2 * coverage) * (total === 1 ? 0.8 : 1);
  return Math.round(strength * 100) / 100;
}
