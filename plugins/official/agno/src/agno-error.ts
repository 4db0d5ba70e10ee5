import { AgentError, type AgentErrorKind } from '@payready/agent-contract';
import { retryAfterMs as parseRetryAfter } from '@payready/shared/upstream';

export { parseRetryAfter };

const PROVIDER = 'Agno AgentOS';

function kindForStatus(status: number): AgentErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  // Unknown agent id: a configuration problem another agent can cover.
  if (status === 404) return 'unavailable';
  if (status === 502 || status === 503 || status === 504 || status === 529) return 'overloaded';
  if (status >= 500) return 'internal';
  return 'bad_request';
}

/** FastAPI error bodies are `{"detail": "<string>"}`, or `{"detail": [...]}` for validation errors. */
function detailOf(body: string): string | undefined {
  try {
    const detail = (JSON.parse(body) as { detail?: unknown }).detail;
    if (typeof detail === 'string') return detail;
    if (Array.isArray(detail)) return detail.map((entry: { msg?: unknown }) => String(entry?.msg ?? '')).join('; ');
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 200) || undefined;
}

/** The AgentError for a non-2xx answer of the AgentOS. */
export function agnoHttpError(options: { status: number; headers: Headers; body: string }): AgentError {
  const { status } = options;
  const kind = kindForStatus(status);
  const detail = detailOf(options.body);
  const hint = kind === 'auth' ? " (set AGNO_API_KEY to the server's OS_SECURITY_KEY)" : '';
  return new AgentError({
    kind,
    status,
    message: `${PROVIDER} returned HTTP ${status}${detail ? `: ${detail}` : ''}${hint}`,
    retryAfterMs: parseRetryAfter(options.headers),
    ...(kind === 'internal' ? { retryable: true } : {}),
  });
}

/** Agno's exception `type` / `error_id` strings (agno/exceptions.py) → our kinds. */
function kindForRunError(errorType: string | undefined, errorId: string | undefined): AgentErrorKind {
  if (errorType === 'input_check_error' || errorType === 'output_check_error') return 'content_filter';
  if (errorType === 'model_authentication_error') return 'auth';
  if (errorId === 'model_rate_limit_error') return 'rate_limit';
  if (errorId === 'context_window_exceeded_error') return 'context_length';
  if (errorType === 'model_provider_error') return 'overloaded';
  if (errorType === 'run_cancelled_error' || errorType === 'remote_server_unavailable_error') return 'unavailable';
  return 'internal';
}

/** A `RunError` event that arrived on an already-200 stream. */
export function agnoRunError(event: { content?: unknown; error_type?: unknown; error_id?: unknown }): AgentError {
  const errorType = typeof event.error_type === 'string' ? event.error_type : undefined;
  const errorId = typeof event.error_id === 'string' ? event.error_id : undefined;
  const message = typeof event.content === 'string' && event.content ? event.content : 'run failed';
  return new AgentError({
    kind: kindForRunError(errorType, errorId),
    message: `${PROVIDER} run failed${errorType ? ` (${errorType})` : ''}: ${message}`,
  });
}

/** The AgentError for a request or stream that broke before it completed. */
export function agnoRequestFailure(
  error: unknown,
  options: { signal: AbortSignal; timeout: AbortSignal; timeoutMs: number },
): AgentError {
  if (AgentError.isInstance(error)) return error;
  if (options.timeout.aborted && !options.signal.aborted) {
    return new AgentError({
      kind: 'timeout',
      message: `${PROVIDER} did not finish within ${options.timeoutMs} ms`,
      cause: error,
    });
  }
  if (options.signal.aborted) {
    return new AgentError({
      kind: 'timeout',
      message: `${PROVIDER} request was aborted`,
      retryable: false,
      cause: error,
    });
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new AgentError({ kind: 'network', message: `could not reach ${PROVIDER}: ${reason}`, cause: error });
}

export function agnoMalformed(what: string, cause?: unknown): AgentError {
  return new AgentError({ kind: 'internal', retryable: false, message: `${PROVIDER} sent ${what}`, cause });
}
