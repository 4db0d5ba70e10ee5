import { AgentError } from '@payready/agent-contract';
import { cleanText } from './clean-text.js';
import { fetchJson, tryParseJson, type ErrorResponse } from './fetch-json.js';
import { parseResultDate } from './parse-result-date.js';
import { recencyWindow } from './recency-filter.js';
import { joinUrl, type SearchOptions, type SearchProvider, type SearchResult } from './search-provider.js';
import { httpError, parseRetryAfter } from './web-error.js';

const PROVIDER = 'Tavily';
export const TAVILY_DEFAULT_BASE_URL = 'https://api.tavily.com';
const MAX_RESULTS = 20;

function tavilyError(response: ErrorResponse): AgentError {
  const body = tryParseJson(response.body) as { detail?: { error?: string } | string } | undefined;
  const detail = typeof body?.detail === 'string' ? body.detail : body?.detail?.error;
  const { status } = response;
  const retryAfterMs = parseRetryAfter(response.headers);
  // 432 (plan limit) and 433 (pay-as-you-go limit) are spent budgets: another agent, not another try.
  if (status === 432 || status === 433) {
    return new AgentError({
      kind: 'rate_limit',
      status,
      retryAfterMs,
      retryable: false,
      message: `${PROVIDER} usage limit reached: ${detail ?? `HTTP ${status}`}`,
    });
  }
  if (status === 401 || status === 403) {
    return new AgentError({
      kind: 'auth',
      status,
      message: `${PROVIDER} rejected TAVILY_API_KEY (HTTP ${status})${detail ? `: ${detail}` : ''}`,
    });
  }
  return httpError({ provider: PROVIDER, status, detail, retryAfterMs });
}

function toResults(body: unknown, now: Date): SearchResult[] {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results))
    throw new AgentError({ kind: 'internal', retryable: false, message: `${PROVIDER} response has no results array` });
  return results.flatMap((item: Record<string, unknown>) => {
    if (typeof item?.url !== 'string') return [];
    const date = parseResultDate(item.published_date, now);
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

/**
 * Tavily: `POST /search` with a Bearer key. The recency filter goes in `start_date`/`end_date`, which
 * express the exact window; the legacy `days` was historically honoured only for `topic: "news"` and
 * `time_range` cannot say "100 days".
 */
export function createTavilyProvider(options: { apiKey: string; baseUrl?: string }): SearchProvider {
  const baseUrl = options.baseUrl || TAVILY_DEFAULT_BASE_URL;
  return {
    name: 'tavily',
    async search({ query, days, maxResults, signal, timeoutMs, now = new Date() }: SearchOptions) {
      const { from, to } = recencyWindow(days, now);
      const body = await fetchJson({
        provider: PROVIDER,
        url: joinUrl(baseUrl, 'search'),
        init: {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({
            query,
            search_depth: 'basic',
            topic: 'general',
            max_results: Math.min(MAX_RESULTS, maxResults * 2),
            start_date: from,
            end_date: to,
            include_answer: false,
          }),
        },
        signal,
        timeoutMs,
        onError: tavilyError,
      });
      return toResults(body, now);
    },
  };
}
