import { AgentError } from '@payready/agent-contract';
import { attemptJson, type AskResult } from '@payready/core';
import { ExitCode, PayReadyError, errorKindOf } from '@payready/shared';

/** An error with its HTTP answer decided: auth, rate limit, validation, timeouts of the server itself. */
export class ApiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: { kind?: string; headers?: Record<string, string>; param?: string } = {},
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

export interface HttpErrorReply {
  status: number;
  headers: Record<string, string>;
  body: { error: Record<string, unknown> & { type: string; message: string } };
}

const STATUS_OF_KIND: Record<string, number> = {
  auth: 503,
  rate_limit: 429,
  timeout: 504,
  bad_request: 400,
  context_length: 400,
  content_filter: 400,
};

function reply(
  status: number,
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): HttpErrorReply {
  return { status, headers, body: { error: { type, message, ...extra } } };
}

type Attempts = AskResult['attempts'];

/** An ask that ended with every agent failed: the status says who is to blame (us, the upstream, the caller). */
function failedAsk(error: PayReadyError & { attempts: Attempts }): HttpErrorReply {
  const kind = errorKindOf(error);
  const extra = { kind, attempts: error.attempts.map(attemptJson), ...(error.hint ? { hint: error.hint } : {}) };
  const headline = error.message.split('\n')[0]!;
  if (error.exitCode === ExitCode.noCredentials) return reply(503, 'no_credentials', headline, extra);
  if (error.exitCode === ExitCode.rateLimited)
    return reply(429, 'rate_limited', headline, extra, { 'retry-after': '1' });
  if (kind === 'bad_request' || kind === 'context_length' || kind === 'content_filter')
    return reply(400, 'upstream_rejected', headline, extra);
  return reply(502, 'all_agents_failed', headline, extra);
}

/**
 * Any failure as `{error: {type, message}}` with its status. usage → 400, no credentials → 503 (the
 * server lacks them: not the caller's 401), rate-limited → 429, deadline → 504, every agent failed → 502.
 * `kind` carries the AgentError kind, which a remote-agent caller maps back.
 */
export function httpErrorOf(error: unknown): HttpErrorReply {
  try {
    return classify(error);
  } catch {
    return reply(500, 'internal', 'internal error');
  }
}

function classify(error: unknown): HttpErrorReply {
  if (error instanceof ApiHttpError) {
    const { kind, headers, param } = error.extra;
    return reply(
      error.status,
      error.type,
      error.message,
      { ...(kind ? { kind } : {}), ...(param ? { param } : {}) },
      headers,
    );
  }
  if (PayReadyError.isInstance(error)) {
    if (Array.isArray((error as { attempts?: unknown }).attempts) && error.name === 'AllAgentsFailedError') {
      return failedAsk(error as PayReadyError & { attempts: Attempts });
    }
    if (error.name === 'DeadlineExceededError')
      return reply(504, 'deadline_exceeded', error.message, { kind: 'timeout' });
    if (error.name === 'InterruptedError') return reply(503, 'interrupted', error.message, { kind: 'unavailable' });
    if (error.exitCode === ExitCode.usage)
      return reply(400, 'invalid_request', error.message, error.hint ? { hint: error.hint } : {});
    return reply(500, 'internal', error.message);
  }
  if (AgentError.isInstance(error)) {
    return reply(STATUS_OF_KIND[error.kind] ?? 502, error.kind, error.message, { kind: error.kind });
  }
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type =
      status === 413
        ? 'payload_too_large'
        : status === 415
          ? 'unsupported_media_type'
          : status === 404
            ? 'not_found'
            : 'invalid_request';
    return reply(status, type, (error as Error).message);
  }
  return reply(500, 'internal', 'internal error');
}
