import { describe, expect, it } from 'vitest';
import { clientCache } from './client-cache.js';

describe('clientCache', () => {
  it('builds one client per owner and settings, dropping the oldest past the limit', () => {
    const clients = clientCache<{ built: number }>(2);
    let built = 0;
    const get = (owner: object, settings: unknown[]) => clients(owner, settings, () => ({ built: ++built }));
    const owner = {};
    const first = get(owner, ['key', 'https://a']);
    expect(get(owner, ['key', 'https://a'])).toBe(first);
    expect(get({}, ['key', 'https://a'])).not.toBe(first);
    expect(get(owner, ['key', 'https://b'])).not.toBe(first);
    get(owner, ['key', 'https://c']);
    expect(get(owner, ['key', 'https://a'])).not.toBe(first);
    expect(built).toBe(5);
  });
});
