import { AgentError, type AgentErrorKind } from '@payready/agent-contract';
import { describeCause, isHeaderReader, isNetworkFailure, redactSecrets, squeeze } from '@payready/shared/upstream';
import { retryAfterMs } from '@payready/shared/upstream';

/**
 * Turns whatever the OpenAI SDK (or the stream readers) threw into an AgentError. The openai package does not
 * give its error classes a `name`, and a bundler may rename them, so the caller passes the classes of the
 * SDK it loaded; this module never imports the SDK.
 *
 * The caller handles cancellation first: when `ctx.signal` is aborted it rethrows `ctx.signal.reason`.
 */

type ErrorClass = abstract new (...args: never[]) => Error;

export interface OpenAIErrorClasses {
  APIError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
  APIUserAbortError: ErrorClass;
}

export interface CodexErrorOptions {
  /** The loaded SDK's error classes. */
  sdk?: OpenAIErrorClasses;
  /** How messages name the upstream. Default `openai`. */
  label?: string;
  /** Values that must never appear in a message (the API key). */
  secrets?: readonly string[];
  timeoutMs?: number;
}

interface Classified {
  kind: AgentErrorKind;
  retryable?: boolean;
}

const STATUS_KINDS: Record<number, Classified> = {
  400: { kind: 'bad_request' },
  401: { kind: 'auth' },
  403: { kind: 'auth' },
  404: { kind: 'bad_request' }, // unknown model
  408: { kind: 'timeout' },
  409: { kind: 'internal', retryable: true },
  413: { kind: 'context_length' },
  422: { kind: 'bad_request' },
  429: { kind: 'rate_limit' },
  500: { kind: 'internal', retryable: true },
  502: { kind: 'network' },
  503: { kind: 'overloaded' },
  504: { kind: 'timeout' },
};

/** `code` (or `type`) of errors that arrive inside a 200 stream, and of failed Responses. */
const CODE_KINDS: Record<string, Classified> = {
  rate_limit_exceeded: { kind: 'rate_limit' },
  insufficient_quota: { kind: 'rate_limit', retryable: false },
  context_length_exceeded: { kind: 'context_length' },
  invalid_prompt: { kind: 'bad_request' },
  invalid_api_key: { kind: 'auth' },
  invalid_request_error: { kind: 'bad_request' },
  server_error: { kind: 'internal', retryable: true },
  slow_down: { kind: 'overloaded' },
};

const CONTEXT_TOO_LONG = /maximum context length|context[_ ]length|context window|prompt is too long|too many tokens/i;

export function codexError(error: unknown, options: CodexErrorOptions = {}): AgentError {
  const mapped = AgentError.isInstance(error) ? error : classify(error, options);
  return redactSecrets(mapped, options.secrets ?? []);
}

/** An error reported inside a stream: `error` events and `response.failed` of the Responses API. */
export function codexStreamFailure(input: {
  code?: string | null;
  message?: string | null;
  label: string;
}): AgentError {
  const code = input.code ?? undefined;
  const message = input.message || 'no message';
  let classified = (code === undefined ? undefined : CODE_KINDS[code]) ?? { kind: 'internal', retryable: true };
  if (CONTEXT_TOO_LONG.test(message) || code === 'context_length_exceeded') classified = { kind: 'context_length' };
  return new AgentError({ ...classified, message: `${input.label} stream error${code ? ` ${code}` : ''}: ${message}` });
}

function classify(error: unknown, options: CodexErrorOptions): AgentError {
  const label = options.label ?? 'openai';
  const { sdk } = options;
  const text = error instanceof Error ? error.message : String(error);
  if (sdk && error instanceof sdk.APIConnectionTimeoutError) {
    const after = options.timeoutMs === undefined ? '' : ` within ${options.timeoutMs} ms`;
    return new AgentError({ kind: 'timeout', message: `${label} did not answer${after}`, cause: error });
  }
  if (sdk && error instanceof sdk.APIUserAbortError)
    return new AgentError({ kind: 'network', message: `${label} request was aborted`, cause: error });
  if (sdk && error instanceof sdk.APIConnectionError) {
    return new AgentError({
      kind: 'network',
      message: `${label} connection failed: ${describeCause(error)}`,
      cause: error,
    });
  }
  if (sdk && error instanceof sdk.APIError)
    return fromApiError(error as unknown as Record<string, unknown>, { label, error });
  if (error instanceof SyntaxError) {
    return new AgentError({
      kind: 'internal',
      retryable: true,
      message: `${label} sent malformed JSON in the event stream: ${text}`,
      cause: error,
    });
  }
  if (/response with no body/i.test(text)) {
    return new AgentError({
      kind: 'internal',
      retryable: true,
      message: `${label} answered with an empty body`,
      cause: error,
    });
  }
  if (isNetworkFailure(error)) {
    return new AgentError({
      kind: 'network',
      message: `${label} connection failed: ${describeCause(error)}`,
      cause: error,
    });
  }
  return new AgentError({ kind: 'internal', message: `${label} client failed: ${text}`, cause: error });
}

function fromApiError(shape: Record<string, unknown>, context: { label: string; error: unknown }): AgentError {
  const status = typeof shape.status === 'number' ? shape.status : undefined;
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  const type = typeof shape.type === 'string' ? shape.type : undefined;
  const detail = upstreamMessage(shape, status);
  if (status === undefined) {
    const failure = codexStreamFailure({ code: code ?? type ?? null, message: detail, label: context.label });
    return new AgentError({
      kind: failure.kind,
      retryable: failure.retryable,
      message: failure.message,
      cause: context.error,
    });
  }
  const headers = isHeaderReader(shape.headers) ? shape.headers : undefined;
  let classified: Classified =
    STATUS_KINDS[status] ?? (status >= 500 ? { kind: 'internal', retryable: true } : { kind: 'bad_request' });
  if (
    classified.kind === 'bad_request' &&
    status !== 404 &&
    (code === 'context_length_exceeded' || CONTEXT_TOO_LONG.test(detail))
  ) {
    classified = { kind: 'context_length' };
  }
  // Out of credits looks like a rate limit but will not clear by waiting.
  if (status === 429 && code === 'insufficient_quota') classified = { kind: 'rate_limit', retryable: false };
  const retryAfter = retryAfterMs(headers);
  const shouldRetry = headers?.get('x-should-retry');
  const retryable = shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : classified.retryable;
  const requestId = headers?.get('x-request-id');
  return new AgentError({
    kind: classified.kind,
    message: `${context.label} ${status}${type ? ` ${type}` : ''}${code ? ` (${code})` : ''}: ${detail}${requestId ? ` (request-id ${requestId})` : ''}`,
    status,
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    ...(retryable === undefined ? {} : { retryable }),
    cause: context.error,
  });
}

/** `error.message` of the body (the SDK keeps the inner `error` object), else the raw body text. */
function upstreamMessage(shape: Record<string, unknown>, status: number | undefined): string {
  const inner = shape.error as { message?: unknown } | undefined;
  if (typeof inner?.message === 'string' && inner.message) return inner.message;
  const message = typeof shape.message === 'string' ? shape.message : '';
  const raw = status === undefined ? message : message.replace(new RegExp(`^${status} `), '');
  return squeeze(raw) || 'no error body';
}
