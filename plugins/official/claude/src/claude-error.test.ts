import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { AgentError, type AgentErrorKind } from '@payready/agent-contract';
import { describe, expect, it } from 'vitest';
import { claudeError } from './claude-error.js';

/** An HTTP error exactly as the SDK builds it from a response. */
function httpError(status: number, type: string, message: string, headers: Record<string, string> = {}) {
  const body = { type: 'error', error: { type, message }, request_id: 'req_1' };
  return APIError.generate(status, body, undefined, new Headers({ 'request-id': 'req_1', ...headers }));
}

interface Row {
  status: number;
  type: string;
  message: string;
  headers?: Record<string, string>;
  kind: AgentErrorKind;
  retryable: boolean;
  retryAfterMs?: number;
}

const table: Row[] = [
  {
    status: 400,
    type: 'invalid_request_error',
    message: 'max_tokens: must be ≤ 8192',
    kind: 'bad_request',
    retryable: false,
  },
  {
    status: 400,
    type: 'invalid_request_error',
    message: 'prompt is too long: 215000 tokens > 200000 maximum',
    kind: 'context_length',
    retryable: false,
  },
  { status: 401, type: 'authentication_error', message: 'invalid x-api-key', kind: 'auth', retryable: false },
  { status: 402, type: 'billing_error', message: 'credit balance too low', kind: 'auth', retryable: false },
  { status: 403, type: 'permission_error', message: 'no access', kind: 'auth', retryable: false },
  { status: 404, type: 'not_found_error', message: 'model: claude-nope', kind: 'bad_request', retryable: false },
  { status: 408, type: 'api_error', message: 'request timeout', kind: 'timeout', retryable: true },
  { status: 409, type: 'conflict_error', message: 'conflict', kind: 'internal', retryable: true },
  {
    status: 413,
    type: 'request_too_large',
    message: 'Request exceeds the maximum size',
    kind: 'context_length',
    retryable: false,
  },
  { status: 422, type: 'invalid_request_error', message: 'unprocessable', kind: 'bad_request', retryable: false },
  {
    status: 429,
    type: 'rate_limit_error',
    message: 'slow down',
    headers: { 'retry-after': '12' },
    kind: 'rate_limit',
    retryable: true,
    retryAfterMs: 12_000,
  },
  {
    status: 429,
    type: 'rate_limit_error',
    message: 'slow down',
    headers: { 'retry-after-ms': '120.2' },
    kind: 'rate_limit',
    retryable: true,
    retryAfterMs: 121,
  },
  { status: 500, type: 'api_error', message: 'Internal server error', kind: 'internal', retryable: true },
  {
    status: 500,
    type: 'api_error',
    message: 'Internal server error',
    headers: { 'x-should-retry': 'false' },
    kind: 'internal',
    retryable: false,
  },
  { status: 502, type: 'api_error', message: 'bad gateway', kind: 'network', retryable: true },
  { status: 503, type: 'api_error', message: 'unavailable', kind: 'overloaded', retryable: true },
  { status: 504, type: 'timeout_error', message: 'timed out', kind: 'timeout', retryable: true },
  { status: 529, type: 'overloaded_error', message: 'Overloaded', kind: 'overloaded', retryable: true },
  { status: 599, type: 'api_error', message: 'odd', kind: 'internal', retryable: true },
  { status: 418, type: 'invalid_request_error', message: 'teapot', kind: 'bad_request', retryable: false },
];

describe('claudeError: HTTP statuses', () => {
  it.each(table)('$status $type → $kind', (row) => {
    const error = claudeError(httpError(row.status, row.type, row.message, row.headers));
    expect(error.kind).toBe(row.kind);
    expect(error.retryable).toBe(row.retryable);
    expect(error.status).toBe(row.status);
    expect(error.retryAfterMs).toBe(row.retryAfterMs);
    expect(error.message).toBe(`anthropic ${row.status} ${row.type}: ${row.message} (request-id req_1)`);
  });

  it('a 429 naming a spend limit, without retry-after, is not retryable', () => {
    const body = {
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: 'spend limit',
        details: { error_code: 'enforced_spend_limit_reached' },
      },
    };
    const error = claudeError(APIError.generate(429, body, undefined, new Headers()));
    expect(error).toMatchObject({ kind: 'rate_limit', retryable: false });
  });

  it('a non-JSON error body keeps its text, shortened', () => {
    const error = claudeError(APIError.generate(502, undefined, `<html>${'x'.repeat(500)}</html>`, new Headers()));
    expect(error.message).toMatch(/^anthropic 502: <html>x+…$/);
    expect(error.message.length).toBeLessThan(330);
  });

  it('an error event inside a 200 stream is classified by its type', () => {
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    const error = claudeError(new APIError(undefined, body, undefined, new Headers(), 'overloaded_error'));
    expect(error).toMatchObject({
      kind: 'overloaded',
      retryable: true,
      status: undefined,
      message: 'anthropic stream error overloaded_error: Overloaded',
    });
  });

  it('never carries the key, even when the upstream echoes it raw or base64-encoded', () => {
    const key = 'sk-ant-secret-123456';
    const base64 = Buffer.from(key).toString('base64');
    const error = claudeError(httpError(401, 'authentication_error', `bad key ${key} (${base64})`), {
      secrets: [key],
    });
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain(base64);
    expect(error.message).toContain('[REDACTED]');
  });
});

describe('claudeError: transport failures', () => {
  it('SDK timeout → timeout', () => {
    expect(claudeError(new APIConnectionTimeoutError(), { timeoutMs: 250 })).toMatchObject({
      kind: 'timeout',
      retryable: true,
      message: 'anthropic did not answer within 250 ms',
    });
  });

  it('connection refused → network, naming the cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const error = claudeError(new APIConnectionError({ cause: new TypeError('fetch failed', { cause }) }));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a body cut mid-stream (undici "terminated") → network', () => {
    const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(claudeError(new TypeError('terminated', { cause }))).toMatchObject({ kind: 'network', retryable: true });
  });

  it('malformed JSON in the stream → internal, retryable', () => {
    let syntax: unknown;
    try {
      JSON.parse('{"type":"content_bl');
    } catch (error) {
      syntax = error;
    }
    expect(claudeError(syntax)).toMatchObject({ kind: 'internal', retryable: true });
    expect(claudeError(syntax).message).toMatch(/malformed JSON/);
  });

  it('an abort the caller did not ask for → network', () => {
    expect(claudeError(new APIUserAbortError()).kind).toBe('network');
  });

  it('anything else → internal, not retryable', () => {
    expect(claudeError(new Error('bug'))).toMatchObject({
      kind: 'internal',
      retryable: false,
      message: 'anthropic client failed: bug',
    });
  });

  it('passes AgentErrors through', () => {
    const original = new AgentError({ kind: 'content_filter', message: 'refused' });
    expect(claudeError(original)).toBe(original);
  });
});
