import { isoDay } from './parse-result-date.js';
import type { SearchResult } from './search-provider.js';

const DAY_MS = 86_400_000;

/** The first day (UTC midnight) a result may be from to pass a `days` filter. */
export function recencyCutoff(days: number, now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - days * DAY_MS);
}

/** The filter as an inclusive `YYYY-MM-DD` range, the form Brave's `freshness` and Tavily's dates take. */
export function recencyWindow(days: number, now: Date): { from: string; to: string } {
  return { from: isoDay(recencyCutoff(days, now)), to: isoDay(now) };
}

/**
 * Enforces `date_filter` on what the provider returned, because no provider's own filter can be trusted
 * to be exact (SearXNG only knows day/week/month/year; Brave filters by when it *discovered* a page).
 *
 * - A dated result older than the cutoff is dropped.
 * - An undated result is kept — most search engines leave the date out on perfectly fresh pages — but it
 *   is ranked after every dated one, so the answer leans on results known to be recent.
 * - Within each group the provider's relevance order is kept.
 */
export function applyRecencyFilter(
  results: readonly SearchResult[],
  options: { days: number; now: Date },
): SearchResult[] {
  const cutoff = isoDay(recencyCutoff(options.days, options.now));
  const dated: SearchResult[] = [];
  const undated: SearchResult[] = [];
  for (const result of results) {
    if (result.date === undefined) undated.push(result);
    else if (result.date >= cutoff) dated.push(result);
  }
  return [...dated, ...undated];
}
