import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { resetConnection, startHttpFixture, type HttpFixture, type RecordedRequest } from './http-fixture.js';

/**
 * Local fakes of the web search APIs the web agent speaks (Brave, Tavily, SearXNG), on 127.0.0.1 with a
 * free port, answering in the upstream wire shapes: routes, auth checks, parameter validation, recency
 * parameters honoured, error bodies and rate-limit headers. Every request is recorded so tests can assert
 * what was sent (e.g. that the recency parameter was there).
 */

/** A scripted failure: an HTTP error in the provider's own error shape, or a broken connection. */
export type FakeFailure =
  | {
      status: number;
      /** `retry-after` header, seconds */ retryAfter?: number;
      headers?: Record<string, string>;
      body?: string;
    }
  | 'hang'
  | 'malformed-json'
  | 'reset';

export interface FakeServer extends HttpFixture {
  /** Fails the next requests, one failure each, before normal answers resume. */
  failNext(...failures: FakeFailure[]): void;
}

export interface FakeProviderOptions {
  route(request: RecordedRequest, res: ServerResponse): void | Promise<void>;
  /** The provider's error body for a scripted status. */
  errorResponse(status: number): { body: string; contentType: string; headers?: Record<string, string> };
  /** The provider's idea of a 200 with a broken body. */
  malformed?(res: ServerResponse): void;
  /** Applies to every request once the failNext queue is empty. */
  fail?: FakeFailure;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The request body as text, whether the fixture parsed it as JSON or kept it raw. */
export function bodyText(request: RecordedRequest): string {
  if (request.body === undefined) return '';
  return typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
}

function applyFailure(failure: FakeFailure, res: ServerResponse, options: FakeProviderOptions): void {
  if (failure === 'hang') return; // never answers; close() tears the socket down
  if (failure === 'reset') return resetConnection(res);
  if (failure === 'malformed-json') {
    if (options.malformed) return options.malformed(res);
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end('{"results": [{"title": "truncated');
  }
  const shaped = options.errorResponse(failure.status);
  const body = failure.body ?? shaped.body;
  res.writeHead(failure.status, {
    'content-type': shaped.contentType,
    'content-length': Buffer.byteLength(body),
    ...shaped.headers,
    ...(failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) }),
    ...failure.headers,
  });
  res.end(body);
}

/** An HTTP fixture with scripted failures in a provider's shape; the base of every fake here and of fake-agno. */
export async function startFakeProvider(options: FakeProviderOptions): Promise<FakeServer> {
  const queue: FakeFailure[] = [];
  const fixture = await startHttpFixture(async (request, res) => {
    const failure = queue.shift() ?? options.fail;
    if (failure !== undefined) return applyFailure(failure, res, options);
    await options.route(request, res);
  });
  return Object.assign(fixture, { failNext: (...failures: FakeFailure[]) => void queue.push(...failures) });
}

/** A result the fakes serve; each fake renders it in its provider's shape. */
export interface FakeSearchItem {
  title: string;
  url: string;
  snippet?: string;
  /** Publication date, ISO (`2025-03-05` or a date-time). Undefined: the provider sends no date. */
  date?: string;
  /** Brave only: the `age` text (default: the date as "March 5, 2025"). */
  age?: string;
  /** Brave only: when Brave discovered the page, which its `freshness` filters on (default: `date`). */
  discovered?: string;
}

export interface FakeSearchOptions {
  results: FakeSearchItem[];
  /** Every request answers with this status, in the provider's error shape. */
  status?: number;
  fail?: FakeFailure;
  /** Serve results the recency parameter should have excluded: a leaky upstream, to test the client-side cut. */
  ignoreRecency?: boolean;
}

const DAY_MS = 86_400_000;

function dayOf(value: string | undefined): string | undefined {
  return value === undefined
    ? undefined
    : new Date(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)).toISOString().slice(0, 10);
}

function withinDays(value: string | undefined, days: number): boolean {
  const day = dayOf(value);
  return day === undefined || Date.parse(`${day}T00:00:00Z`) >= Date.now() - (days + 1) * DAY_MS;
}

function failOption(options: FakeSearchOptions): FakeFailure | undefined {
  return options.fail ?? (options.status === undefined ? undefined : { status: options.status });
}

function isoDateTime(value: string): string {
  return value.length === 10 ? `${value}T00:00:00` : value;
}

// ---------------------------------------------------------------------------------------------- SearXNG

const SEARXNG_RANGES: Record<string, number> = { day: 1, week: 7, month: 31, year: 365 };

export interface FakeSearxngOptions extends FakeSearchOptions {
  /** `search.formats` of settings.yml; SearXNG's default is `[html]`, the fake's `[html, json]`. */
  formats?: string[];
}

function searxngResult(item: FakeSearchItem, index: number): Record<string, unknown> {
  const url = new URL(item.url);
  return {
    url: item.url,
    title: item.title,
    content: item.snippet ?? '',
    engine: 'duckduckgo',
    engines: ['duckduckgo'],
    positions: [index + 1],
    score: 1 / (index + 1),
    category: 'general',
    publishedDate: item.date === undefined ? null : isoDateTime(item.date),
    pubdate: item.date === undefined ? null : isoDateTime(item.date).replace('T', ' '),
    parsed_url: [
      url.protocol.replace(':', ''),
      url.host,
      url.pathname,
      '',
      url.search.replace('?', ''),
      url.hash.replace('#', ''),
    ],
    template: 'default.html',
    thumbnail: '',
    img_src: '',
    priority: '',
  };
}

/** SearXNG: `GET|POST /search` (and `/`), `GET /healthz`; 403 for a format not in `search.formats`. */
export function startFakeSearxng(options: FakeSearxngOptions): Promise<FakeServer> {
  const formats = options.formats ?? ['html', 'json'];
  return startFakeProvider({
    fail: failOption(options),
    errorResponse: (status) => ({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><title>${status}</title><h1>Error ${status}</h1>`,
    }),
    route(request, res) {
      if (request.method === 'GET' && request.path === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('OK');
      }
      if (request.path !== '/search' && request.path !== '/') return sendJson(res, 404, { error: 'not found' });
      const params: Record<string, string> = {
        ...Object.fromEntries(request.query),
        ...Object.fromEntries(new URLSearchParams(request.method === 'POST' ? bodyText(request) : '')),
      };
      const format = params.format ?? 'html';
      if (!formats.includes(format)) {
        res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<!doctype html><title>403 Forbidden</title><h1>Forbidden</h1>');
      }
      const timeRange = params.time_range ?? '';
      if (!params.q || (timeRange !== '' && !(timeRange in SEARXNG_RANGES))) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        return void res.end(params.q ? `invalid time_range: ${timeRange}` : 'q is required');
      }
      const kept = options.results.filter(
        (item) => options.ignoreRecency || timeRange === '' || withinDays(item.date, SEARXNG_RANGES[timeRange]!),
      );
      if (format !== 'json') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(`<!doctype html><title>${params.q}</title>`);
      }
      sendJson(res, 200, {
        query: params.q,
        results: kept.map(searxngResult),
        answers: [],
        corrections: [],
        infoboxes: [],
        suggestions: [],
        unresponsive_engines: [],
      });
    },
  });
}

// ------------------------------------------------------------------------------------------------ Brave

export interface FakeBraveOptions extends FakeSearchOptions {
  /** The valid `X-Subscription-Token`; default `brave-test-key`. */
  apiKey?: string;
}

const BRAVE_CODES: Record<number, { code: string; detail: string }> = {
  401: { code: 'SUBSCRIPTION_TOKEN_INVALID', detail: 'The provided subscription token is invalid.' },
  403: { code: 'OPTION_NOT_IN_PLAN', detail: 'The option is not subscribed in the plan.' },
  404: { code: 'RESOURCE_NOT_FOUND', detail: 'Resource not found.' },
  422: { code: 'SUBSCRIPTION_TOKEN_INVALID', detail: 'The provided subscription token is invalid.' },
  429: { code: 'RATE_LIMITED', detail: 'Request rate limit exceeded for plan.' },
};

function braveErrorBody(status: number, override?: { code: string; detail: string; meta?: unknown }): string {
  const error = override ?? BRAVE_CODES[status] ?? { code: 'INTERNAL_ERROR', detail: 'Unexpected error.' };
  return JSON.stringify({
    type: 'ErrorResponse',
    error: { id: randomUUID(), status, ...error },
    time: Math.floor(Date.now() / 1000),
  });
}

function braveValidation(res: ServerResponse, loc: string[], detail: string): void {
  const body = braveErrorBody(422, {
    code: 'VALIDATION',
    detail,
    meta: { errors: [{ type: 'missing', loc, msg: detail }] },
  });
  res.writeHead(422, { 'content-type': 'application/json' });
  res.end(body);
}

const BRAVE_THROTTLED_HEADERS: Record<string, string> = {
  'x-ratelimit-limit': '1, 15000',
  'x-ratelimit-policy': '1;w=1, 15000;w=2592000',
  'x-ratelimit-remaining': '0, 1000',
  'x-ratelimit-reset': '1, 1419704',
};

/** `freshness` → [from, to] days, or undefined when invalid. */
function braveWindow(freshness: string): [string, string] | undefined {
  const today = new Date().toISOString().slice(0, 10);
  const relative: Record<string, number> = { pd: 1, pw: 7, pm: 31, py: 365 };
  if (freshness in relative)
    return [new Date(Date.now() - relative[freshness]! * DAY_MS).toISOString().slice(0, 10), today];
  const match = /^(\d{4}-\d{2}-\d{2})to(\d{4}-\d{2}-\d{2})$/.exec(freshness);
  return match ? [match[1]!, match[2]!] : undefined;
}

function braveResult(item: FakeSearchItem): Record<string, unknown> {
  const url = new URL(item.url);
  const day = dayOf(item.date);
  const age =
    item.age ??
    (day === undefined
      ? undefined
      : new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
          month: 'long',
          day: 'numeric',
          year: 'numeric',
          timeZone: 'UTC',
        }));
  return {
    type: 'search_result',
    title: item.title,
    url: item.url,
    is_source_local: false,
    is_source_both: false,
    description: item.snippet ?? '',
    ...(item.date === undefined ? {} : { page_age: isoDateTime(item.date) }),
    ...(age === undefined ? {} : { age }),
    language: 'en',
    family_friendly: true,
    meta_url: {
      scheme: url.protocol.replace(':', ''),
      netloc: url.host,
      hostname: url.hostname,
      favicon: '',
      path: url.pathname,
    },
  };
}

/** Brave Search: `GET|POST /res/v1/web/search`, `X-Subscription-Token` checked, `freshness` honoured. */
export function startFakeBrave(options: FakeBraveOptions): Promise<FakeServer> {
  const apiKey = options.apiKey ?? 'brave-test-key';
  let served = 0;
  return startFakeProvider({
    fail: failOption(options),
    errorResponse: (status) => ({
      contentType: 'application/json',
      body: braveErrorBody(status),
      headers: status === 429 ? BRAVE_THROTTLED_HEADERS : {},
    }),
    route(request, res) {
      if (request.path !== '/res/v1/web/search') return sendJson(res, 404, JSON.parse(braveErrorBody(404)));
      const token = request.headers['x-subscription-token'];
      if (token === undefined) return braveValidation(res, ['header', 'x-subscription-token'], 'Field required');
      if (token !== apiKey) {
        res.writeHead(422, { 'content-type': 'application/json' });
        return void res.end(braveErrorBody(422));
      }
      const params: Record<string, string> = {
        ...Object.fromEntries(request.query),
        ...(request.method === 'POST' && typeof request.body === 'object'
          ? (request.body as Record<string, string>)
          : {}),
      };
      if (!params.q) return braveValidation(res, ['query', 'q'], 'Field required');
      const count = params.count === undefined ? 20 : Number(params.count);
      if (!Number.isInteger(count) || count < 1 || count > 20)
        return braveValidation(res, ['query', 'count'], 'Input should be less than or equal to 20');
      const window = params.freshness === undefined ? undefined : braveWindow(params.freshness);
      if (params.freshness !== undefined && !window)
        return braveValidation(res, ['query', 'freshness'], 'Invalid freshness');
      const kept = options.results.filter((item) => {
        const seen = dayOf(item.discovered ?? item.date);
        return options.ignoreRecency || !window || seen === undefined || (seen >= window[0] && seen <= window[1]);
      });
      served += 1;
      sendJson(
        res,
        200,
        {
          type: 'search',
          query: {
            original: params.q,
            show_strict_warning: false,
            is_navigational: false,
            is_news_breaking: false,
            spellcheck_off: true,
            country: 'us',
            bad_results: false,
            should_fallback: false,
            postal_code: '',
            city: '',
            header_country: '',
            more_results_available: false,
            state: '',
          },
          mixed: {
            type: 'mixed',
            main: kept.slice(0, count).map((_item, index) => ({ type: 'web', index, all: false })),
            top: [],
            side: [],
          },
          web: { type: 'search', results: kept.slice(0, count).map(braveResult), family_friendly: true },
        },
        {
          'x-ratelimit-limit': '1, 15000',
          'x-ratelimit-policy': '1;w=1, 15000;w=2592000',
          'x-ratelimit-remaining': `0, ${15000 - served}`,
          'x-ratelimit-reset': '1, 1419704',
        },
      );
    },
  });
}

// ----------------------------------------------------------------------------------------------- Tavily

export interface FakeTavilyOptions extends FakeSearchOptions {
  /** The valid Bearer key; default `tvly-test-key`. */
  apiKey?: string;
}

const TAVILY_ERRORS: Record<number, string> = {
  400: 'Bad request.',
  401: 'Unauthorized: missing or invalid API key.',
  403: 'Forbidden.',
  429: 'Rate limit exceeded. Please try again later.',
  432: "This request exceeds your plan's set usage limit.",
  433: 'This request exceeds the pay-as-you-go limit.',
};

const TAVILY_RANGES: Record<string, number> = { day: 1, d: 1, week: 7, w: 7, month: 31, m: 31, year: 365, y: 365 };

function tavilyError(res: ServerResponse, status: number, message?: string): void {
  sendJson(res, status, { detail: { error: message ?? TAVILY_ERRORS[status] ?? 'Internal server error.' } });
}

function tavilyKeep(item: FakeSearchItem, body: Record<string, unknown>): boolean {
  const day = dayOf(item.date);
  if (day === undefined) return true;
  if (typeof body.start_date === 'string' && day < body.start_date) return false;
  if (typeof body.end_date === 'string' && day > body.end_date) return false;
  if (typeof body.time_range === 'string' && !withinDays(day, TAVILY_RANGES[body.time_range]!)) return false;
  if (typeof body.days === 'number' && !withinDays(day, body.days)) return false;
  return true;
}

function tavilyInvalid(body: Record<string, unknown>): string | undefined {
  const dateOk = (value: unknown) =>
    value === undefined || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value));
  if (typeof body.query !== 'string' || body.query === '') return 'Query is missing.';
  if (
    body.max_results !== undefined &&
    (!Number.isInteger(body.max_results) || (body.max_results as number) < 0 || (body.max_results as number) > 20)
  ) {
    return 'max_results must be between 0 and 20.';
  }
  if (body.time_range !== undefined && !(String(body.time_range) in TAVILY_RANGES)) return 'Invalid time_range.';
  if (!dateOk(body.start_date) || !dateOk(body.end_date)) return 'Dates must be YYYY-MM-DD.';
  return undefined;
}

/** Tavily: `POST /search`, Bearer key (or legacy `api_key` in the body), dates and ranges honoured. */
export function startFakeTavily(options: FakeTavilyOptions): Promise<FakeServer> {
  const apiKey = options.apiKey ?? 'tvly-test-key';
  return startFakeProvider({
    fail: failOption(options),
    errorResponse: (status) => ({
      contentType: 'application/json',
      body: JSON.stringify({ detail: { error: TAVILY_ERRORS[status] ?? 'Internal server error.' } }),
    }),
    route(request, res) {
      if (request.path !== '/search' || request.method !== 'POST') return sendJson(res, 404, { detail: 'Not Found' });
      if (typeof request.body !== 'object' || request.body === null) return tavilyError(res, 400, 'Invalid JSON body.');
      const body = request.body as Record<string, unknown>;
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? body.api_key;
      if (bearer !== apiKey) return tavilyError(res, 401);
      const invalid = tavilyInvalid(body);
      if (invalid) return tavilyError(res, 400, invalid);
      const max = typeof body.max_results === 'number' ? body.max_results : 5;
      const kept = options.results.filter((item) => options.ignoreRecency || tavilyKeep(item, body)).slice(0, max);
      sendJson(res, 200, {
        query: body.query,
        follow_up_questions: null,
        answer: null,
        images: [],
        results: kept.map((item, index) => ({
          url: item.url,
          title: item.title,
          content: item.snippet ?? '',
          score: 0.9 - index * 0.05,
          raw_content: null,
          ...(item.date === undefined ? {} : { published_date: item.date }),
        })),
        response_time: 0.42,
        request_id: randomUUID(),
      });
    },
  });
}
