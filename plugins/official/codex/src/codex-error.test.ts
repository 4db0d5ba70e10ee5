import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { AgentError, type AgentErrorKind } from '@payready/agent-contract';
import { describe, expect, it } from 'vitest';
import { codexError, codexStreamFailure } from './codex-error.js';

const sdk = OpenAI;

/** An HTTP error exactly as the SDK builds it from a response. */
function httpError(
  status: number,
  error: { message: string; type?: string; code?: string | null },
  headers: Record<string, string> = {},
) {
  return APIError.generate(
    status,
    { error: { type: 'invalid_request_error', param: null, code: null, ...error } },
    undefined,
    new Headers({ 'x-request-id': 'req_1', ...headers }),
  );
}

interface Row {
  status: number;
  error: { message: string; type?: string; code?: string | null };
  headers?: Record<string, string>;
  kind: AgentErrorKind;
  retryable: boolean;
  retryAfterMs?: number;
}

const table: Row[] = [
  { status: 400, error: { message: "Invalid value for 'input'." }, kind: 'bad_request', retryable: false },
  {
    status: 400,
    error: { message: "This model's maximum context length is 400000 tokens.", code: 'context_length_exceeded' },
    kind: 'context_length',
    retryable: false,
  },
  {
    status: 400,
    error: {
      message:
        'Input tokens exceed the configured limit of 272000 tokens. Your messages resulted in 300000 tokens. Please reduce the length of the messages.',
      code: 'context_length_exceeded',
    },
    kind: 'context_length',
    retryable: false,
  },
  {
    status: 401,
    error: { message: 'Incorrect API key provided', code: 'invalid_api_key' },
    kind: 'auth',
    retryable: false,
  },
  {
    status: 403,
    error: { message: 'Country not supported', code: 'unsupported_country_region_territory' },
    kind: 'auth',
    retryable: false,
  },
  {
    status: 404,
    error: { message: 'The model `gpt-9` does not exist', code: 'model_not_found' },
    kind: 'bad_request',
    retryable: false,
  },
  { status: 413, error: { message: 'Request too large' }, kind: 'context_length', retryable: false },
  {
    status: 429,
    error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
    headers: { 'retry-after': '2' },
    kind: 'rate_limit',
    retryable: true,
    retryAfterMs: 2000,
  },
  {
    status: 429,
    error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' },
    kind: 'rate_limit',
    retryable: false,
  },
  {
    status: 500,
    error: { message: 'The server had an error', type: 'server_error' },
    kind: 'internal',
    retryable: true,
  },
  { status: 502, error: { message: 'Bad gateway', type: 'server_error' }, kind: 'network', retryable: true },
  {
    status: 503,
    error: { message: 'Slow down', type: 'server_error', code: 'slow_down' },
    kind: 'overloaded',
    retryable: true,
  },
  { status: 504, error: { message: 'Gateway timeout', type: 'server_error' }, kind: 'timeout', retryable: true },
];

describe('codexError: HTTP statuses', () => {
  it.each(table)('$status $error.code → $kind', (row) => {
    const error = codexError(httpError(row.status, row.error, row.headers), { sdk });
    expect(error.kind).toBe(row.kind);
    expect(error.retryable).toBe(row.retryable);
    expect(error.status).toBe(row.status);
    expect(error.retryAfterMs).toBe(row.retryAfterMs);
    expect(error.message).toContain(`openai ${row.status} `);
    expect(error.message).toContain(row.error.message);
    expect(error.message).toMatch(/\(request-id req_1\)$/);
  });

  it('x-should-retry overrides the default', () => {
    expect(
      codexError(httpError(500, { message: 'x', type: 'server_error' }, { 'x-should-retry': 'false' }), { sdk })
        .retryable,
    ).toBe(false);
    expect(codexError(httpError(400, { message: 'x' }, { 'x-should-retry': 'true' }), { sdk }).retryable).toBe(true);
  });

  it('uses the label of a compatible server', () => {
    const error = codexError(httpError(404, { message: "model 'llama9' not found" }), {
      sdk,
      label: 'openai-compatible localhost:11434',
    });
    expect(error.message).toMatch(/^openai-compatible localhost:11434 404 /);
  });

  it('an error object inside a 200 stream is classified by its code', () => {
    const inStream = new APIError(
      undefined,
      { message: 'slow', type: 'requests', code: 'rate_limit_exceeded' },
      undefined,
      new Headers(),
    );
    expect(codexError(inStream, { sdk })).toMatchObject({ kind: 'rate_limit', retryable: true, status: undefined });
  });

  it('never carries the key', () => {
    const error = codexError(httpError(401, { message: 'Incorrect API key provided: sk-live-abcdef123' }), {
      sdk,
      secrets: ['sk-live-abcdef123'],
    });
    expect(error.message).not.toContain('sk-live-abcdef123');
  });
});

describe('codexError: transport failures', () => {
  it('SDK timeout → timeout', () => {
    expect(codexError(new APIConnectionTimeoutError(), { sdk, timeoutMs: 100 })).toMatchObject({
      kind: 'timeout',
      message: 'openai did not answer within 100 ms',
    });
  });

  it('connection error → network, naming the cause', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    const error = codexError(new APIConnectionError({ cause: new TypeError('fetch failed', { cause }) }), { sdk });
    expect(error.kind).toBe('network');
    expect(error.message).toContain('ENOTFOUND');
  });

  it('user abort the caller did not ask for → network', () => {
    expect(codexError(new APIUserAbortError(), { sdk }).kind).toBe('network');
  });

  it('without the SDK classes, still classifies what it can', () => {
    expect(codexError(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({
      kind: 'internal',
      retryable: true,
    });
    expect(codexError(new Error('bug'))).toMatchObject({ kind: 'internal', retryable: false });
  });

  it('passes AgentErrors through', () => {
    const original = new AgentError({ kind: 'content_filter', message: 'x' });
    expect(codexError(original, { sdk })).toBe(original);
  });
});

describe('codexStreamFailure', () => {
  it.each([
    ['rate_limit_exceeded', 'rate_limit', true],
    ['server_error', 'internal', true],
    ['context_length_exceeded', 'context_length', false],
    ['invalid_prompt', 'bad_request', false],
    ['vector_store_timeout', 'internal', true],
    [null, 'internal', true],
  ] as const)('%s → %s', (code, kind, retryable) => {
    expect(codexStreamFailure({ code, message: 'm', label: 'openai' })).toMatchObject({ kind, retryable });
  });
});
