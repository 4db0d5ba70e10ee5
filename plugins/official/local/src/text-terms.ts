import MiniSearch from 'minisearch';
import type { Options } from 'minisearch';

/** What the index stores per passage; `path` is absolute. */
export interface StoredPassage {
  path: string;
  line: number;
  heading: string;
  text: string;
}

export interface IndexedPassage extends StoredPassage {
  id: string;
}

// Question words and glue: without them, "how do I configure the cache" is judged on configure + cache.
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about an and any are as at be been but by can could did do does doing for from had has have how if in into ' +
    'is it its me my of on or our should so than that the their them then there these they this those to too was ' +
    'we were what when where which while who whom why will with would you your yours i am not no yes just also ' +
    'please tell explain show give get go let us want need know'
  ).split(' '),
);

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

// A light plural strip, so "passages" finds "passage". Must stay idempotent-ish: query terms are processed
// once, index terms once, and both must meet.
function stem(term: string): string {
  if (term.length > 4 && term.endsWith('ies')) return `${term.slice(0, -3)}y`;
  if (term.length > 3 && term.endsWith('s') && !/(ss|us|is)$/.test(term)) return term.slice(0, -1);
  return term;
}

export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (lower.length < 2 || STOP_WORDS.has(lower)) return null;
  return stem(lower);
}

/** Bump when tokenising or stored fields change: persisted indexes of another format are rebuilt. */
export const INDEX_FORMAT = 1;

export const MINISEARCH_OPTIONS: Options<IndexedPassage> = {
  fields: ['heading', 'text'],
  storeFields: ['path', 'line', 'heading', 'text'],
  processTerm,
  // Vacuuming is done explicitly before persisting; auto-vacuum would run on timers after the CLI is done.
  autoVacuum: false,
  searchOptions: {
    boost: { heading: 2 },
    prefix: (term) => term.length >= 4,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    maxFuzzy: 2,
  },
};

/** Distinct content terms of a query, capped so a long piped stdin costs the router microseconds, not ms. */
export function queryTerms(text: string, max = 32): string[] {
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) terms.add(term);
    if (terms.size >= max) break;
  }
  return [...terms];
}
