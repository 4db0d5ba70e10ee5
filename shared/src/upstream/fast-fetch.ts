import type { Readable } from 'node:stream';
import { UpstreamResponse } from './upstream-response.js';

/**
 * A `fetch` for the official SDKs (`new OpenAI({ fetch })`, `new Anthropic({ fetch })`) on undici's `request`
 * over one keep-alive Agent per process. The built-in fetch costs about four times the CPU per call
 * (perf-anchors §1.3: 0.92 ms against 0.2 ms), most of a gateway hop's budget.
 *
 * What the SDKs rely on behaves as the built-in fetch's: a real `Response` (status, headers, `json()`,
 * `text()`, `body` as a web stream for SSE), redirects followed, the abort reason as the rejection, and any
 * other failure as `TypeError('fetch failed', { cause })`, so the SDKs' connection and timeout errors, and
 * isNetworkFailure / describeCause, read the same. Timeouts are the caller's signal; the Agent keeps
 * undici's (and so the built-in fetch's) header and body timeouts.
 *
 * Bodies it does not encode itself (FormData, Blob, URLSearchParams) and `Request` inputs go to the built-in
 * fetch: the SDKs send neither on the paths that need speed.
 */

interface UndiciResponse {
  statusCode: number;
  statusText?: string;
  headers: Record<string, string | string[] | undefined>;
  body: Readable & { dump(): Promise<void> };
}

interface UndiciAgent {
  request(options: {
    origin: string;
    path: string;
    method: string;
    headers: Iterable<[string, string]>;
    body: string | Uint8Array | AsyncIterable<Uint8Array> | null;
    signal: AbortSignal | null;
  }): Promise<UndiciResponse>;
}

type UndiciModule = { Agent: new () => UndiciAgent };

let agent: Promise<UndiciAgent> | undefined;
/** The Agent once loaded: awaiting the promise on every call costs a turn of the microtask queue. */
let loadedAgent: UndiciAgent | undefined;

/** One Agent per process, created on first use: undici is loaded only then (cold start). */
function sharedAgent(): Promise<UndiciAgent> {
  agent ??= import('undici').then((loaded) => {
    // undici is CommonJS: named exports under Node, only `default` once bundled by esbuild.
    const undici = ((loaded as { default?: UndiciModule }).default ?? loaded) as UndiciModule;
    // Default options on purpose: unlimited connections per origin, pipelining off, and keep-alive
    // timeouts that follow the server's hint, as the built-in fetch has.
    loadedAgent = new undici.Agent();
    return loadedAgent;
  });
  return agent;
}

const MAX_REDIRECTS = 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** Dropped on a cross-origin redirect, as the built-in fetch does. */
const ORIGIN_BOUND = ['authorization', 'cookie', 'proxy-authorization', 'host'];
const CONTENT_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

type Body = string | Uint8Array | ReadableStream<Uint8Array> | null;

export const fastFetch: typeof fetch = async (input, init) => {
  const body = sendable(init?.body);
  if (input instanceof Request || body === undefined) return fetch(input, init);
  const signal = init?.signal ?? null;
  signal?.throwIfAborted();
  try {
    const dispatcher = loadedAgent ?? (await sharedAgent());
    const headers = init?.headers;
    return await follow(dispatcher, new URL(input), {
      method: (init?.method ?? 'GET').toUpperCase(),
      // The SDKs pass a Headers they keep (logs, retries): read as is, copied only before a change (ownHeaders).
      headers: headers instanceof Headers ? headers : new Headers(headers),
      ownsHeaders: !(headers instanceof Headers),
      body,
      signal,
      redirect: init?.redirect ?? 'follow',
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof TypeError && error.message === 'fetch failed') throw error;
    throw new TypeError('fetch failed', { cause: error });
  }
};

/** The body as undici takes it, or undefined for kinds left to the built-in fetch. */
function sendable(body: RequestInit['body']): Body | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ReadableStream) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}

interface Hop {
  method: string;
  headers: Headers;
  /** False while `headers` is the caller's object, which must not change under it. */
  ownsHeaders: boolean;
  body: Body;
  signal: AbortSignal | null;
  redirect: NonNullable<RequestInit['redirect']>;
}

async function follow(dispatcher: UndiciAgent, url: URL, hop: Hop): Promise<Response> {
  if (typeof hop.body === 'string' && !hop.headers.has('content-type'))
    ownHeaders(hop).set('content-type', 'text/plain;charset=UTF-8');
  for (let redirects = 0; ; redirects++) {
    const response = await dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: hop.method,
      headers: hop.headers,
      body: hop.body,
      signal: hop.signal,
    });
    const location = REDIRECTS.has(response.statusCode) ? response.headers.location : undefined;
    if (typeof location !== 'string' || hop.redirect === 'manual') return toResponse(response, url, redirects > 0, hop);
    await response.body.dump();
    if (hop.redirect === 'error') throw new Error(`redirect to ${location} where redirects are not allowed`);
    if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error(`redirect to ${next.protocol} URL`);
    redirectHop(hop, response.statusCode, next.origin !== url.origin);
    url = next;
  }
}

/** The next request after a redirect, by the fetch standard's rules (§4.4 HTTP-redirect fetch). */
function redirectHop(hop: Hop, status: number, crossOrigin: boolean): void {
  if ((status === 303 && hop.method !== 'GET' && hop.method !== 'HEAD') || (status <= 302 && hop.method === 'POST')) {
    hop.method = 'GET';
    hop.body = null;
    for (const name of CONTENT_HEADERS) ownHeaders(hop).delete(name);
  } else if (hop.body instanceof ReadableStream) {
    throw new Error(`a ${status} redirect needs the request body again, and a stream body was already sent`);
  }
  if (crossOrigin) for (const name of ORIGIN_BOUND) ownHeaders(hop).delete(name);
}

/** The hop's headers, copied first if they are still the caller's. */
function ownHeaders(hop: Hop): Headers {
  if (!hop.ownsHeaders) {
    hop.headers = new Headers(hop.headers);
    hop.ownsHeaders = true;
  }
  return hop.headers;
}

function toResponse(response: UndiciResponse, url: URL, redirected: boolean, hop: Hop): Response {
  const headers: Array<[string, string]> = [];
  for (const name in response.headers) {
    const value = response.headers[name];
    if (typeof value === 'string') headers.push([name, value]);
    else if (value) for (const each of value) headers.push([name, each]);
  }
  const empty = NULL_BODY.has(response.statusCode) || hop.method === 'HEAD';
  if (empty) response.body.resume();
  return new UpstreamResponse({
    status: response.statusCode,
    ...(response.statusText ? { statusText: response.statusText } : {}),
    headers,
    url: url.href,
    redirected,
    source: empty ? null : response.body,
    signal: hop.signal,
  });
}
