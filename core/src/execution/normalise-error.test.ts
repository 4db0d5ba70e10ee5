import { AgentError } from '@payready/agent-contract';
import { rememberSecret } from '@payready/shared';
import { describe, expect, it } from 'vitest';
import { normaliseError } from './normalise-error.js';

describe('normaliseError', () => {
  it('scrubs every known key from a plugin error, whatever spelling the upstream echoed, and keeps the rest', () => {
    const key = `osk-${Math.random().toString(36).slice(2)}-store-only-key`;
    rememberSecret(key);
    const thrown = new AgentError({
      kind: 'auth',
      status: 401,
      message: `HTTP 401: invalid token ${key} (hex ${Buffer.from(key).toString('hex')})`,
    });
    const error = normaliseError(thrown, 'agno');
    expect(error).toMatchObject({ kind: 'auth', status: 401, agent: 'agno', retryable: false });
    expect(error.message).toBe('HTTP 401: invalid token [REDACTED] (hex [REDACTED])');
  });

  it('returns the same error when there is nothing to scrub', () => {
    const thrown = new AgentError({ kind: 'timeout', message: 'no answer within 400 ms', agent: 'claude' });
    expect(normaliseError(thrown, 'claude')).toBe(thrown);
  });
});
