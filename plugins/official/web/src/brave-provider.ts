import { AgentError } from '@payready/agent-contract';
import { cleanText } from './clean-text.js';
import { fetchJson, tryParseJson, type ErrorResponse } from './fetch-json.js';
import { parseResultDate } from './parse-result-date.js';
import { recencyWindow } from './recency-filter.js';
import { joinUrl, type SearchOptions, type SearchProvider, type SearchResult } from './search-provider.js';
import { httpError, parseRetryAfter } from './web-error.js';

const PROVIDER = 'Brave Search';
export const BRAVE_DEFAULT_BASE_URL = 'https://api.search.brave.com';
/** Brave's `count` maximum. */
const MAX_COUNT = 20;

interface BraveErrorBody {
  error?: { code?: string; detail?: string; meta?: { errors?: Array<{ loc?: unknown[] }> } };
}

/**
 * Brave reports rate limits per window as comma lists (`X-RateLimit-Remaining: 0, 1000`,
 * `X-RateLimit-Reset: 1, 1419704`); the wait is the reset of the exhausted window.
 */
export function braveRetryAfterMs(headers: Headers): number | undefined {
  const explicit = parseRetryAfter(headers);
  if (explicit !== undefined) return explicit;
  const list = (name: string) => (headers.get(name) ?? '').split(',').map((part) => Number.parseFloat(part.trim()));
  const remaining = list('x-ratelimit-remaining');
  const resets = list('x-ratelimit-reset');
  const exhausted = resets.filter((reset, index) => remaining[index] === 0 && Number.isFinite(reset));
  const seconds = exhausted.length > 0 ? Math.max(...exhausted) : resets[0];
  return seconds !== undefined && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function isKeyProblem(error: NonNullable<BraveErrorBody['error']>): boolean {
  if (error.code === 'SUBSCRIPTION_TOKEN_INVALID') return true;
  const locs = error.meta?.errors?.flatMap((entry) => entry.loc ?? []) ?? [];
  return error.code === 'VALIDATION' && locs.some((loc) => String(loc).toLowerCase() === 'x-subscription-token');
}

/** Brave signals an invalid key as 422 (sometimes 401), so auth is read from `error.code`, not the status. */
function braveError(response: ErrorResponse): AgentError {
  const error = (tryParseJson(response.body) as BraveErrorBody | undefined)?.error;
  const detail = error?.detail ?? error?.code;
  const status = response.status;
  if (error && isKeyProblem(error)) {
    return new AgentError({
      kind: 'auth',
      status,
      message: `${PROVIDER} rejected BRAVE_API_KEY (HTTP ${status}): ${detail}`,
    });
  }
  const retryAfterMs = braveRetryAfterMs(response.headers);
  if (error?.code === 'QUOTA_LIMITED') {
    // The monthly quota is spent: retrying within this run cannot help, another agent can.
    return new AgentError({
      kind: 'rate_limit',
      status,
      retryAfterMs,
      retryable: false,
      message: `${PROVIDER} quota exhausted: ${detail}`,
    });
  }
  if (error?.code === 'RATE_LIMITED' || status === 429) {
    return new AgentError({
      kind: 'rate_limit',
      status,
      retryAfterMs,
      message: `${PROVIDER} rate limit: ${detail ?? 'HTTP 429'}`,
    });
  }
  return httpError({ provider: PROVIDER, status, detail, retryAfterMs: parseRetryAfter(response.headers) });
}

function toResults(body: unknown, now: Date): SearchResult[] {
  if (typeof body !== 'object' || body === null) {
    throw new AgentError({ kind: 'internal', retryable: false, message: `${PROVIDER} response is not an object` });
  }
  // `web` is absent when Brave found nothing (or the query was filtered to other verticals).
  const results = (body as { web?: { results?: unknown } }).web?.results ?? [];
  if (!Array.isArray(results))
    throw new AgentError({ kind: 'internal', retryable: false, message: `${PROVIDER} web.results is not an array` });
  return results.flatMap((item: Record<string, unknown>) => {
    if (typeof item?.url !== 'string') return [];
    // `page_age` is an ISO date-time; `age` is for people ("3 days ago", "March 5, 2025").
    const date = parseResultDate(item.page_age, now) ?? parseResultDate(item.age, now);
    return [
      {
        title: cleanText(item.title) || item.url,
        url: item.url,
        snippet: cleanText(item.description),
        ...(date ? { date } : {}),
      },
    ];
  });
}

/** Brave Search API: `GET /res/v1/web/search`, key in `X-Subscription-Token`, exact date window in `freshness`. */
export function createBraveProvider(options: { apiKey: string; baseUrl?: string }): SearchProvider {
  const baseUrl = options.baseUrl || BRAVE_DEFAULT_BASE_URL;
  return {
    name: 'brave',
    async search({ query, days, maxResults, signal, timeoutMs, now = new Date() }: SearchOptions) {
      const url = joinUrl(baseUrl, 'res/v1/web/search');
      const { from, to } = recencyWindow(days, now);
      url.searchParams.set('q', query);
      // A few spare results, since the client-side recency cut may drop some.
      url.searchParams.set('count', String(Math.min(MAX_COUNT, maxResults * 2)));
      url.searchParams.set('freshness', `${from}to${to}`);
      const body = await fetchJson({
        provider: PROVIDER,
        url,
        init: { headers: { accept: 'application/json', 'x-subscription-token': options.apiKey } },
        signal,
        timeoutMs,
        onError: braveError,
      });
      return toResults(body, now);
    },
  };
}
