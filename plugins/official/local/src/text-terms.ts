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

// minisearch's default tokenize splits on runs of /[\n\r\p{Z}\p{P}]+/u. Scanning for the runs in between gives
// the same tokens (less the empty ones, which processTerm drops anyway), stops once a long piped stdin has
// yielded enough terms, and for ASCII — the usual query — a lookup table derived from that very class is several
// times faster than the Unicode-property regex.
const SEPARATOR = /[\n\r\p{Z}\p{P}]/u;
const TOKEN = /[^\n\r\p{Z}\p{P}]+/gu;
const ASCII_SEPARATOR = Uint8Array.from({ length: 128 }, (_, code) =>
  SEPARATOR.test(String.fromCharCode(code)) ? 1 : 0,
);

// A light plural strip, so "passages" finds "passage". Must stay idempotent-ish: query terms are processed
// once, index terms once, and both must meet.
function stem(term: string): string {
  if (term.length > 4 && term.endsWith('ies')) return `${term.slice(0, -3)}y`;
  // Not ending in ss, us or is: a char test rather than a regex, since the router stems every query word.
  if (term.length > 3 && term.endsWith('s') && !'sui'.includes(term[term.length - 2]!)) return term.slice(0, -1);
  return term;
}

export function processTerm(term: string): string | null {
  return processLowerCase(term.toLowerCase());
}

function processLowerCase(lower: string): string | null {
  if (lower.length < 2 || STOP_WORDS.has(lower)) return null;
  return stem(lower);
}

/** Bump when tokenising, stored fields or the file layout change: persisted indexes of another format are rebuilt. */
export const INDEX_FORMAT = 2;

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
  const terms: string[] = [];
  let start = -1;
  let upper = false;
  for (let at = 0; at <= text.length; at++) {
    const code = at < text.length ? text.charCodeAt(at) : 0x20;
    if (code >= 0x80) return unicodeTail({ text, from: start < 0 ? at : start, terms, max });
    if (ASCII_SEPARATOR[code] === 0) {
      if (start < 0) {
        start = at;
        upper = false;
      }
      if (code >= 0x41 && code <= 0x5a) upper = true;
    } else if (start >= 0) {
      // ASCII lower-cases letter by letter, so a token without capitals is its own lower case.
      const token = text.slice(start, at);
      if (addTerm(terms, upper ? token.toLowerCase() : token) >= max) return terms;
      start = -1;
    }
  }
  return terms;
}

/** The rest of the text from a token boundary on, with the Unicode-aware regex. */
function unicodeTail(options: { text: string; from: number; terms: string[]; max: number }): string[] {
  const { text, terms, max } = options;
  TOKEN.lastIndex = options.from;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    if (addTerm(terms, match[0].toLowerCase()) >= max) break;
  }
  return terms;
}

function addTerm(terms: string[], lower: string): number {
  const term = processLowerCase(lower);
  // A short array beats a Set here: at most `max` (32) entries, usually ten.
  if (term !== null && !terms.includes(term)) terms.push(term);
  return terms.length;
}
