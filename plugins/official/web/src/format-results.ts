import type { SearchResult } from './search-provider.js';

/** `[1] title — url (date): snippet`, one line per result: what a summarising model is given to cite. */
export function formatNumberedResults(results: readonly SearchResult[]): string {
  return results
    .map((result, index) => {
      const date = result.date ? ` (${result.date})` : '';
      const snippet = result.snippet ? `: ${result.snippet}` : '';
      return `[${index + 1}] ${result.title} — ${result.url}${date}${snippet}`;
    })
    .join('\n');
}

/**
 * The answer when no language model is usable: the ranked results themselves, numbered like the
 * citations would be, each with title, URL, date (or "undated") and snippet.
 */
export function formatResultsAnswer(results: readonly SearchResult[], options: { days: number }): string {
  const lines = [`Web results from the last ${options.days} days (no language model was available to summarise them):`];
  results.forEach((result, index) => {
    lines.push('', `${index + 1}. ${result.title}`, `   ${result.url}`, `   ${result.date ?? 'undated'}`);
    if (result.snippet) lines.push(`   ${result.snippet}`);
  });
  return `${lines.join('\n')}\n`;
}

/** The answer when the recency filter left nothing. */
export function formatNoResults(query: string, options: { days: number }): string {
  return `No web results from the last ${options.days} days were found for "${query}".\n`;
}
