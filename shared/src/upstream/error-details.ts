import { AgentError } from '@payready/agent-contract';
import { createRedactor, type Redactor } from '../redact/index.js';
import type { HeaderReader } from './retry-after.js';

/** Helpers for reading SDK and fetch errors by shape, without importing the SDK. */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Errors and their causes, outermost first (bounded: cause chains can be cyclic). */
function* causeChain(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  let current = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    yield current as { code?: unknown; message?: unknown };
    current = (current as { cause?: unknown }).cause;
  }
}

/** True for a failure of the connection itself: refused, reset, DNS, or undici's "terminated" body. */
export function isNetworkFailure(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (typeof link.code === 'string' && NETWORK_CODES.has(link.code)) return true;
  }
  return error instanceof TypeError && /terminated|fetch failed/i.test(error.message);
}

/** The innermost useful reason: `ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1`, `other side closed`, … */
export function describeCause(error: unknown): string {
  let detail = error instanceof Error ? error.message : String(error);
  for (const { code, message } of causeChain(error)) {
    if (typeof message !== 'string' || !message) continue;
    detail = typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
  }
  return detail;
}

export function isHeaderReader(value: unknown): value is HeaderReader {
  return typeof value === 'object' && value !== null && typeof (value as HeaderReader).get === 'function';
}

/** Upstream text on one line, at most 300 characters (an HTML error page can be long). */
export function squeeze(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * A copy of the error whose message carries none of `secrets` in any spelling (raw, base64, hex, …) and no
 * credential-shaped text: an upstream that echoes the auth header into its error body is common.
 */
export function redactSecrets(error: AgentError, secrets: readonly string[]): AgentError {
  return redactAgentError(error, createRedactor({ secrets }));
}

/** A copy of the error with its message passed through `redactor`; the same error when nothing changed. */
export function redactAgentError(error: AgentError, redactor: Redactor): AgentError {
  const message = redactor(error.message);
  if (message === error.message) return error;
  return new AgentError({
    kind: error.kind,
    message,
    ...(error.agent === undefined ? {} : { agent: error.agent }),
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    retryable: error.retryable,
    cause: error.cause,
  });
}
