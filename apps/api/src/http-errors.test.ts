import { AgentError } from '@payready/agent-contract';
import { AllAgentsFailedError, DeadlineExceededError } from '@payready/core';
import { ConfigError, UsageError } from '@payready/shared';
import { describe, expect, it } from 'vitest';
import { ApiHttpError, httpErrorOf } from './http-errors.js';

const attempt = (agent: string, errorKind: AgentError['kind']) => ({
  agent,
  attempt: 0,
  ok: false,
  errorKind,
  message: `${errorKind}!`,
  ms: 1,
});

describe('httpErrorOf', () => {
  it.each([
    [new UsageError('unknown agent "x"'), 400, 'invalid_request', undefined],
    [new ConfigError([{ source: 'x.yaml', message: 'bad' }]), 400, 'invalid_request', undefined],
    [new AllAgentsFailedError([attempt('claude', 'auth'), attempt('codex', 'auth')]), 503, 'no_credentials', 'auth'],
    [new AllAgentsFailedError([attempt('claude', 'rate_limit')]), 429, 'rate_limited', 'rate_limit'],
    [
      new AllAgentsFailedError([attempt('claude', 'bad_request')], { stoppedBy: attempt('claude', 'bad_request') }),
      400,
      'upstream_rejected',
      'bad_request',
    ],
    [
      new AllAgentsFailedError([attempt('claude', 'overloaded'), attempt('local', 'internal')]),
      502,
      'all_agents_failed',
      'internal',
    ],
    [new DeadlineExceededError(8000), 504, 'deadline_exceeded', 'timeout'],
    [new AgentError({ kind: 'timeout', message: 'slow' }), 504, 'timeout', 'timeout'],
    [new ApiHttpError(401, 'unauthorized', 'no'), 401, 'unauthorized', undefined],
    [Object.assign(new Error('too large'), { statusCode: 413 }), 413, 'payload_too_large', undefined],
    [new Error('a bug'), 500, 'internal', undefined],
  ])('%s → %i %s', (error, status, type, kind) => {
    const reply = httpErrorOf(error);
    expect(reply.status).toBe(status);
    expect(reply.body.error.type).toBe(type);
    expect(reply.body.error.kind).toBe(kind);
  });

  it('never leaks the message of an unexpected error', () => {
    expect(httpErrorOf(new Error('secret sk-123')).body.error.message).toBe('internal error');
  });
});
