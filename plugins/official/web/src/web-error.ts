import { AgentError, type AgentErrorKind } from '@payready/agent-contract';
import { retryAfterMs as parseRetryAfter } from '@payready/shared/upstream';

export { parseRetryAfter };

export interface HttpErrorOptions {
  /** Provider name as a person reads it (e.g. "Brave Search"). */
  provider: string;
  status: number;
  /** The upstream's own explanation, when its error body had one. */
  detail?: string;
  retryAfterMs?: number;
}

function kindForStatus(status: number): AgentErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status === 404) return 'unavailable';
  if (status === 502 || status === 503 || status === 504 || status === 529) return 'overloaded';
  if (status >= 500) return 'internal';
  return 'bad_request';
}

/** The AgentError for a non-2xx answer; providers special-case what their API documents differently. */
export function httpError(options: HttpErrorOptions): AgentError {
  const { provider, status, detail, retryAfterMs } = options;
  const kind = kindForStatus(status);
  return new AgentError({
    kind,
    message: `${provider} returned HTTP ${status}${detail ? `: ${detail}` : ''}`,
    status,
    retryAfterMs,
    // Every 5xx is worth another try, as both official LLM SDKs do, even when it is not an overload.
    ...(kind === 'internal' ? { retryable: true } : {}),
  });
}

export interface RequestFailureOptions {
  provider: string;
  /** The caller's signal (Ctrl-C, deadline). */
  signal: AbortSignal;
  /** This request's own timeout signal. */
  timeout: AbortSignal;
  timeoutMs: number;
}

/** The AgentError for a request that never produced a complete response. */
export function requestFailure(error: unknown, options: RequestFailureOptions): AgentError {
  const { provider, signal, timeout, timeoutMs } = options;
  if (AgentError.isInstance(error)) return error;
  if (timeout.aborted && !signal.aborted) {
    return new AgentError({
      kind: 'timeout',
      message: `${provider} did not answer within ${timeoutMs} ms`,
      cause: error,
    });
  }
  if (signal.aborted) {
    // Cancelled from above: the executor already knows why, so another try would be pointless.
    return new AgentError({
      kind: 'timeout',
      message: `${provider} request was aborted`,
      retryable: false,
      cause: error,
    });
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new AgentError({ kind: 'network', message: `could not reach ${provider}: ${reason}`, cause: error });
}

/** A 2xx whose body is not the JSON the API documents. */
export function malformedResponse(provider: string, cause?: unknown): AgentError {
  return new AgentError({
    kind: 'internal',
    message: `${provider} sent a response that is not the JSON its API documents`,
    retryable: false,
    cause,
  });
}
