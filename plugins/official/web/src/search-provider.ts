/** One hit of a web search, already cleaned of markup. */
export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
  /** Publication date as `YYYY-MM-DD` (UTC), when the provider gave one. */
  date?: string;
}

export interface SearchOptions {
  query: string;
  /** Recency filter in days (`agents.web.date_filter`): passed in the provider's own parameter. */
  days: number;
  /** How many results the caller will use; a provider may ask for a few more to survive the recency cut. */
  maxResults: number;
  signal: AbortSignal;
  timeoutMs: number;
  /** "Today" for the date window; defaults to the clock. */
  now?: Date;
}

export type ProviderName = 'searxng' | 'brave' | 'tavily';

export interface SearchProvider {
  readonly name: ProviderName;
  search(options: SearchOptions): Promise<SearchResult[]>;
  /** Cheap liveness check for `payready doctor`; providers that bill per call have none. */
  health?(options: { signal: AbortSignal; timeoutMs: number }): Promise<void>;
}

const MAX_QUERY_CHARS = 400;
const MAX_QUERY_WORDS = 50;

/**
 * The text sent as the search query. Brave rejects queries over 400 characters or 50 words, and a long
 * piped stdin makes a poor query anyway, so every provider gets the same bounded version.
 */
export function toSearchQuery(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, MAX_QUERY_WORDS);
  let query = '';
  for (const word of words) {
    const next = query ? `${query} ${word}` : word;
    if (next.length > MAX_QUERY_CHARS) break;
    query = next;
  }
  return query || text.trim().slice(0, MAX_QUERY_CHARS);
}

/** `new URL(path, base)` that keeps a base path such as `https://host/searx/`. */
export function joinUrl(base: string, path: string): URL {
  return new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
}
