import { describe, expect, it } from 'vitest';
import { REDACTED } from './create-redactor.js';
import { processRedactor, rememberSecret } from './known-secrets.js';

describe('processRedactor', () => {
  it('scrubs a remembered secret in every spelling, once it is remembered', () => {
    const secret = `stored-key-${Math.random().toString(36).slice(2)}-0123456789`;
    const base64 = Buffer.from(secret).toString('base64');
    const env = {};
    expect(processRedactor(env)(`k=${secret}`)).toBe(`k=${secret}`);
    rememberSecret(secret);
    expect(processRedactor(env)(`k=${secret} b=${base64}`)).toBe(`k=${REDACTED} b=${REDACTED}`);
  });

  it('also scrubs the credential variables of the environment it is given', () => {
    const env = { ACME_API_KEY: 'acme-0123456789abcdef' };
    expect(processRedactor(env)('acme-0123456789abcdef')).toBe(REDACTED);
  });

  it('ignores values too short to redact safely', () => {
    rememberSecret('ab');
    expect(processRedactor({})('ab cd')).toBe('ab cd');
  });
});
