import { describe, expect, it } from 'vitest';
import { knownModel } from './claude-health.js';

describe('knownModel', () => {
  it('matches the exact id, an alias of a dated id, and a -latest alias', () => {
    expect(knownModel('claude-sonnet-5-5', 'claude-sonnet-5-5')).toBe(true);
    expect(knownModel('claude-sonnet-4-5-20250929', 'claude-sonnet-4-5')).toBe(true);
    expect(knownModel('claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-latest')).toBe(true);
  });

  it('does not take a longer model name for a dated id', () => {
    expect(knownModel('claude-sonnet-4-5-20250929', 'claude-sonnet-4')).toBe(false);
    expect(knownModel('claude-opus-5', 'claude-sonnet-5-5')).toBe(false);
  });
});
