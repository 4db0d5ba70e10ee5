import { AgentError, type AgentErrorKind } from '@payready/agent-contract';
import { describeCause, isHeaderReader, isNetworkFailure, redactSecrets, squeeze } from '@payready/shared/upstream';
import { retryAfterMs } from '@payready/shared/upstream';

/**
 * Turns whatever the Anthropic SDK (or the stream reader) threw into an AgentError. The SDK's classes are
 * recognised by shape and `name`, not `instanceof`: the SDK is imported lazily, and this module must stay
 * importable without it.
 *
 * The caller handles cancellation before calling this: when `ctx.signal` is aborted it rethrows
 * `ctx.signal.reason` unchanged.
 */

export interface ClaudeErrorOptions {
  /** Values that must never appear in a message (the API key). */
  secrets?: readonly string[];
  /** The attempt's timeout, for the message of a timeout. */
  timeoutMs?: number;
}

interface Classified {
  kind: AgentErrorKind;
  retryable?: boolean;
}

/** Classification of an HTTP status. 5xx are retryable: the upstream failed, not the request. */
const STATUS_KINDS: Record<number, Classified> = {
  400: { kind: 'bad_request' },
  401: { kind: 'auth' },
  402: { kind: 'auth' }, // billing_error: the account cannot be used until someone pays
  403: { kind: 'auth' },
  404: { kind: 'bad_request' }, // not_found_error: usually an unknown model
  408: { kind: 'timeout' },
  409: { kind: 'internal', retryable: true },
  413: { kind: 'context_length' },
  422: { kind: 'bad_request' },
  429: { kind: 'rate_limit' },
  500: { kind: 'internal', retryable: true },
  502: { kind: 'network' },
  503: { kind: 'overloaded' },
  504: { kind: 'timeout' },
  529: { kind: 'overloaded' },
};

/** Classification of `error.type`, for errors that arrive as an `event: error` after status 200. */
const TYPE_KINDS: Record<string, Classified> = {
  invalid_request_error: { kind: 'bad_request' },
  authentication_error: { kind: 'auth' },
  billing_error: { kind: 'auth' },
  permission_error: { kind: 'auth' },
  not_found_error: { kind: 'bad_request' },
  request_too_large: { kind: 'context_length' },
  rate_limit_error: { kind: 'rate_limit' },
  api_error: { kind: 'internal', retryable: true },
  timeout_error: { kind: 'timeout' },
  overloaded_error: { kind: 'overloaded' },
};

const CONTEXT_TOO_LONG =
  /prompt is too long|context (length|window)|too many (input )?tokens|input is too long|exceeds? the (model'?s )?(maximum|context)/i;

export function claudeError(error: unknown, options: ClaudeErrorOptions = {}): AgentError {
  const mapped = AgentError.isInstance(error) ? error : classify(error, options);
  return redactSecrets(mapped, options.secrets ?? []);
}

function classify(error: unknown, options: ClaudeErrorOptions): AgentError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const name = typeof shape.name === 'string' ? shape.name : '';
  const text = error instanceof Error ? error.message : String(error);
  if (name === 'APIConnectionTimeoutError') {
    const after = options.timeoutMs === undefined ? '' : ` within ${options.timeoutMs} ms`;
    return new AgentError({ kind: 'timeout', message: `anthropic did not answer${after}`, cause: error });
  }
  if (name === 'APIUserAbortError')
    return new AgentError({ kind: 'network', message: 'anthropic request was aborted', cause: error });
  if (name === 'APIConnectionError')
    return new AgentError({
      kind: 'network',
      message: `anthropic connection failed: ${describeCause(error)}`,
      cause: error,
    });
  if (typeof shape.status === 'number' || (name === 'APIError' && 'error' in shape)) return fromApiError(shape, error);
  if (error instanceof SyntaxError) {
    return new AgentError({
      kind: 'internal',
      retryable: true,
      message: `anthropic sent malformed JSON in the event stream: ${text}`,
      cause: error,
    });
  }
  if (/response with no body/i.test(text)) {
    return new AgentError({
      kind: 'internal',
      retryable: true,
      message: 'anthropic answered with an empty body',
      cause: error,
    });
  }
  if (isNetworkFailure(error)) {
    return new AgentError({
      kind: 'network',
      message: `anthropic connection failed: ${describeCause(error)}`,
      cause: error,
    });
  }
  return new AgentError({ kind: 'internal', message: `anthropic client failed: ${text}`, cause: error });
}

function fromApiError(shape: Record<string, unknown>, error: unknown): AgentError {
  const status = typeof shape.status === 'number' ? shape.status : undefined;
  const body = (shape.error ?? {}) as {
    error?: { type?: unknown; message?: unknown; details?: { error_code?: unknown } };
  };
  const type =
    typeof shape.type === 'string' ? shape.type : typeof body.error?.type === 'string' ? body.error.type : undefined;
  const detail = upstreamMessage(shape, body, status);
  const headers = isHeaderReader(shape.headers) ? shape.headers : undefined;
  let classified = baseClassification(status, type);
  if (classified.kind === 'bad_request' && status !== 404 && CONTEXT_TOO_LONG.test(detail))
    classified = { kind: 'context_length' };
  const retryAfter = retryAfterMs(headers);
  // A 429 that names a spend limit (and has no retry-after) will not clear by waiting: don't loop on it.
  const errorCode = typeof shape.errorCode === 'string' ? shape.errorCode : body.error?.details?.error_code;
  if (
    classified.kind === 'rate_limit' &&
    retryAfter === undefined &&
    typeof errorCode === 'string' &&
    /spend_limit/.test(errorCode)
  ) {
    classified = { kind: 'rate_limit', retryable: false };
  }
  const shouldRetry = headers?.get('x-should-retry');
  const retryable = shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : classified.retryable;
  const requestId = typeof shape.requestID === 'string' ? ` (request-id ${shape.requestID})` : '';
  const where = status === undefined ? 'anthropic stream error' : `anthropic ${status}`;
  return new AgentError({
    kind: classified.kind,
    message: `${where}${type ? ` ${type}` : ''}: ${detail}${requestId}`,
    ...(status === undefined ? {} : { status }),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    ...(retryable === undefined ? {} : { retryable }),
    cause: error,
  });
}

/** By HTTP status when there is one; by `error.type` for an error event that followed status 200. */
function baseClassification(status: number | undefined, type: string | undefined): Classified {
  if (status !== undefined) {
    return STATUS_KINDS[status] ?? (status >= 500 ? { kind: 'internal', retryable: true } : { kind: 'bad_request' });
  }
  // An unknown error type mid-stream is the upstream failing, not the request being wrong.
  return (type === undefined ? undefined : TYPE_KINDS[type]) ?? { kind: 'internal', retryable: true };
}

/** The upstream's own words: `error.message` of the body, else the raw body text the SDK kept. */
function upstreamMessage(
  shape: Record<string, unknown>,
  body: { error?: { message?: unknown } },
  status: number | undefined,
): string {
  if (typeof shape.apiMessage === 'string' && shape.apiMessage) return shape.apiMessage;
  if (typeof body.error?.message === 'string' && body.error.message) return body.error.message;
  const message = typeof shape.message === 'string' ? shape.message : '';
  const raw = status === undefined ? message : message.replace(new RegExp(`^${status} `), '');
  return squeeze(raw) || 'no error body';
}
