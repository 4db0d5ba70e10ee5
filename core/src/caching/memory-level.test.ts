import { describe, expect, it } from 'vitest';
import { MemoryLevel } from './memory-level.js';

function clock() {
  let now = 1000;
  return { perf: { now: () => now }, advance: (ms: number) => (now += ms) };
}

describe('MemoryLevel', () => {
  it('returns what was stored, as the same string', () => {
    const memory = new MemoryLevel({ maxEntries: 10, maxBytes: 10_000 });
    memory.set('k', '{"answer":"a"}', 60_000);
    expect(memory.get('k')).toBe('{"answer":"a"}');
    expect(memory.get('other')).toBeUndefined();
  });

  it('is bounded by entries, evicting the least recently used', () => {
    const memory = new MemoryLevel({ maxEntries: 2, maxBytes: 10_000 });
    memory.set('a', '1', 60_000);
    memory.set('b', '2', 60_000);
    memory.get('a');
    memory.set('c', '3', 60_000);
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('a')).toBe('1');
    expect(memory.stats().entries).toBe(2);
  });

  it('is bounded by bytes', () => {
    const memory = new MemoryLevel({ maxEntries: 1000, maxBytes: 1000 });
    for (let index = 0; index < 20; index++) memory.set(`key${index}`, 'x'.repeat(100), 60_000);
    expect(memory.stats().bytes).toBeLessThanOrEqual(1000);
    expect(memory.stats().entries).toBeLessThan(20);
    expect(memory.get('key19')).toBe('x'.repeat(100));
    // An entry larger than the whole bound is not stored at all.
    memory.set('huge', 'y'.repeat(2000), 60_000);
    expect(memory.get('huge')).toBeUndefined();
  });

  it('expires each entry at its own TTL', () => {
    const time = clock();
    const memory = new MemoryLevel({ maxEntries: 10, maxBytes: 10_000, perf: time.perf });
    memory.set('short', 's', 100);
    memory.set('long', 'l', 10_000);
    time.advance(101);
    expect(memory.get('short')).toBeUndefined();
    expect(memory.get('long')).toBe('l');
    time.advance(10_000);
    expect(memory.get('long')).toBeUndefined();
  });

  it('ignores a non-positive TTL and clears', () => {
    const memory = new MemoryLevel({ maxEntries: 10, maxBytes: 10_000 });
    memory.set('gone', 'x', 0);
    expect(memory.get('gone')).toBeUndefined();
    memory.set('k', 'v', 1000);
    memory.clear();
    expect(memory.stats()).toEqual({ entries: 0, bytes: 0 });
  });
});
