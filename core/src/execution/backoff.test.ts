import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 500, maxMs: 8000 };
  it('doubles per retry within the jitter band and caps', () => {
    expect(backoffDelay(policy, 1, undefined, () => 0)).toBe(250);
    expect(backoffDelay(policy, 1, undefined, () => 1)).toBe(500);
    expect(backoffDelay(policy, 3, undefined, () => 1)).toBe(2000);
    expect(backoffDelay(policy, 10, undefined, () => 1)).toBe(8000);
  });
  it('uses retry-after verbatim, including zero', () => {
    expect(backoffDelay(policy, 1, 3000)).toBe(3000);
    expect(backoffDelay(policy, 2, 0)).toBe(0);
  });
});
