import { AgentError } from '@payready/agent-contract';
import { cleanText } from './clean-text.js';
import { fetchJson, type ErrorResponse } from './fetch-json.js';
import { parseResultDate } from './parse-result-date.js';
import { joinUrl, type SearchOptions, type SearchProvider, type SearchResult } from './search-provider.js';
import { httpError, parseRetryAfter, requestFailure } from './web-error.js';

const PROVIDER = 'SearXNG';

/** SearXNG's only time ranges, smallest first, with the days each covers. */
const TIME_RANGES: ReadonlyArray<[name: string, days: number]> = [
  ['day', 1],
  ['week', 7],
  ['month', 30],
  ['year', 365],
];

/**
 * The smallest SearXNG `time_range` that covers `days` (100 → `year`); undefined beyond a year, where no
 * range is wide enough and only the client-side cut applies.
 */
export function searxngTimeRange(days: number): string | undefined {
  return TIME_RANGES.find(([, span]) => days <= span)?.[0];
}

function searxngError(baseUrl: string, response: ErrorResponse): AgentError | undefined {
  // SearXNG answers 403 to a format missing from `search.formats`, and JSON is missing by default.
  if (response.status === 403) {
    return new AgentError({
      kind: 'unavailable',
      status: 403,
      retryable: false,
      message:
        `SearXNG at ${baseUrl} refused format=json (HTTP 403): its JSON output is disabled. ` +
        "Enable it by adding `json` to `search.formats` in the instance's settings.yml " +
        '(e.g. `search: { formats: [html, json] }`) and restart SearXNG.',
    });
  }
  const detail = response.body.trim().slice(0, 200) || undefined;
  return httpError({
    provider: PROVIDER,
    status: response.status,
    detail,
    retryAfterMs: parseRetryAfter(response.headers),
  });
}

function toResults(body: unknown, now: Date): SearchResult[] {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results))
    throw new AgentError({ kind: 'internal', retryable: false, message: 'SearXNG response has no results array' });
  return results.flatMap((item: Record<string, unknown>) => {
    if (typeof item?.url !== 'string') return [];
    const date = parseResultDate(item.publishedDate, now);
    return [
      {
        title: cleanText(item.title) || item.url,
        url: item.url,
        snippet: cleanText(item.content),
        ...(date ? { date } : {}),
      },
    ];
  });
}

/** A self-hosted SearXNG instance: `GET /search?format=json`. No key; the recency cut is mostly ours. */
export function createSearxngProvider(options: { baseUrl: string }): SearchProvider {
  const { baseUrl } = options;
  return {
    name: 'searxng',
    async search({ query, days, signal, timeoutMs, now = new Date() }: SearchOptions) {
      const url = joinUrl(baseUrl, 'search');
      url.searchParams.set('q', query);
      url.searchParams.set('format', 'json');
      const timeRange = searxngTimeRange(days);
      if (timeRange) url.searchParams.set('time_range', timeRange);
      const body = await fetchJson({
        provider: PROVIDER,
        url,
        init: { headers: { accept: 'application/json' } },
        signal,
        timeoutMs,
        onError: (response) => searxngError(baseUrl, response),
      });
      // One page is all we take (SearXNG has no count parameter); the caller cuts to maxResults after the
      // recency filter, so nothing is trimmed here.
      return toResults(body, now);
    },
    async health({ signal, timeoutMs }) {
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await fetch(joinUrl(baseUrl, 'healthz'), { signal: AbortSignal.any([signal, timeout]) });
        await response.text();
      } catch (error) {
        throw requestFailure(error, { provider: PROVIDER, signal, timeout, timeoutMs });
      }
      if (!response.ok) throw httpError({ provider: PROVIDER, status: response.status });
    },
  };
}
