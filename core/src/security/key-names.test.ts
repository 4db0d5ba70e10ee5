import { describe, expect, it } from 'vitest';
import { assertKeyName, envVarForKey, keyNameForEnvVar } from './key-names.js';
import { keyFingerprint, parseMasterKey } from './master-key.js';

describe('key names', () => {
  it('maps names to variables and back', () => {
    expect(envVarForKey('anthropic')).toBe('ANTHROPIC_API_KEY');
    expect(envVarForKey('tavily')).toBe('TAVILY_API_KEY');
    expect(envVarForKey('my_service')).toBe('MY_SERVICE_API_KEY');
    expect(envVarForKey('github')).toBe('GITHUB_TOKEN');
    expect(keyNameForEnvVar('BRAVE_API_KEY')).toBe('brave');
    expect(keyNameForEnvVar('MY_SERVICE_API_KEY')).toBe('my_service');
    expect(keyNameForEnvVar('HF_TOKEN')).toBe('huggingface');
    expect(keyNameForEnvVar('HOME')).toBeUndefined();
  });

  it('refuses names that are not lower-case identifiers (exit 2)', () => {
    for (const name of ['Anthropic', '1abc', 'a-b', '', 'a b', '../x', 'x'.repeat(65)]) {
      expect(() => assertKeyName(name)).toThrow(expect.objectContaining({ exitCode: 2 }));
    }
    expect(() => assertKeyName('openai')).not.toThrow();
  });
});

describe('master key text', () => {
  const key = Buffer.from(Array.from({ length: 32 }, (_, index) => index * 7));
  it('accepts hex, base64 and base64url, with surrounding whitespace', () => {
    for (const text of [
      key.toString('hex'),
      key.toString('hex').toUpperCase(),
      key.toString('base64'),
      `${key.toString('base64url')}\n`,
    ]) {
      expect(parseMasterKey(text, { label: 'test' })).toEqual(key);
    }
  });

  it('refuses other lengths without echoing the text', () => {
    for (const text of [
      '',
      'abc',
      key.subarray(0, 31).toString('hex'),
      Buffer.alloc(33).toString('base64'),
      'z'.repeat(64),
    ]) {
      expect(() => parseMasterKey(text, { label: 'X' })).toThrow(/X does not hold a 32-byte key/);
    }
  });

  it('fingerprints as 16 hex characters', () => {
    expect(keyFingerprint(key)).toMatch(/^[0-9a-f]{16}$/);
  });
});
