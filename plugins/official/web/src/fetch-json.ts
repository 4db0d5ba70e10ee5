import type { AgentError } from '@payready/agent-contract';
import { httpError, malformedResponse, parseRetryAfter, requestFailure } from './web-error.js';

export interface ErrorResponse {
  status: number;
  headers: Headers;
  body: string;
}

export interface FetchJsonOptions {
  provider: string;
  url: URL;
  init?: { method?: string; headers?: Record<string, string>; body?: string };
  signal: AbortSignal;
  timeoutMs: number;
  /** A provider's reading of its own error bodies; undefined falls back to the status alone. */
  onError?: (response: ErrorResponse) => AgentError | undefined;
}

/** One HTTP call with the attempt's signal and timeout, its body parsed as JSON, every failure an AgentError. */
export async function fetchJson(options: FetchJsonOptions): Promise<unknown> {
  const { provider, url, init, signal, timeoutMs } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.any([signal, timeout]) });
    // Reading the body stays under the same signals: a server that stalls mid-body is a timeout too.
    body = await response.text();
  } catch (error) {
    throw requestFailure(error, { provider, signal, timeout, timeoutMs });
  }
  if (!response.ok) {
    const failure = { status: response.status, headers: response.headers, body };
    throw (
      options.onError?.(failure) ??
      httpError({ provider, status: response.status, retryAfterMs: parseRetryAfter(response.headers) })
    );
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw malformedResponse(provider, error);
  }
}

/** JSON.parse that returns undefined instead of throwing, for error bodies of unknown shape. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
