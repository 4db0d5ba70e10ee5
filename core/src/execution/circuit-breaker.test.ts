import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';
import { fileBreakerStore, memoryBreakerStore } from './file-breaker-store.js';

const settings = { failures: 3, windowMs: 60_000, cooldownMs: 30_000 };

describe('CircuitBreaker', () => {
  it('opens after N counted failures within the window, not before', () => {
    let now = 1_000_000;
    const breaker = new CircuitBreaker(settings, memoryBreakerStore(), () => now);
    expect(breaker.recordFailure('claude', 'overloaded')).toBe(false);
    now += 1000;
    expect(breaker.recordFailure('claude', 'network')).toBe(false);
    expect(breaker.openUntil('claude')).toBeUndefined();
    now += 1000;
    expect(breaker.recordFailure('claude', 'overloaded')).toBe(true);
    expect(breaker.openUntil('claude')).toBe(now + 30_000);
  });

  it('forgets failures older than the window', () => {
    let now = 0;
    const breaker = new CircuitBreaker(settings, memoryBreakerStore(), () => now);
    breaker.recordFailure('claude', 'overloaded');
    breaker.recordFailure('claude', 'overloaded');
    now += 61_000;
    expect(breaker.recordFailure('claude', 'overloaded')).toBe(false);
  });

  it('opens at once on a timeout, ignores rate limits and caller errors', () => {
    const breaker = new CircuitBreaker(settings, memoryBreakerStore(), () => 5);
    for (const kind of ['rate_limit', 'auth', 'bad_request', 'context_length'] as const) {
      for (let index = 0; index < 5; index++) expect(breaker.recordFailure('codex', kind)).toBe(false);
    }
    expect(breaker.recordFailure('codex', 'timeout')).toBe(true);
  });

  it('lets a trial through after the cool-down; failure re-opens, success closes', () => {
    let now = 0;
    const breaker = new CircuitBreaker(settings, memoryBreakerStore(), () => now);
    breaker.recordFailure('web', 'timeout');
    now += 30_001;
    expect(breaker.openUntil('web')).toBeUndefined();
    expect(breaker.recordFailure('web', 'network')).toBe(true);
    now += 30_001;
    breaker.recordSuccess('web');
    expect(breaker.recordFailure('web', 'network')).toBe(false);
  });

  it('persists across instances through the file store, and survives a corrupt file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'breaker-')), 'breakers.json');
    new CircuitBreaker(settings, fileBreakerStore(path), () => 100).recordFailure('claude', 'timeout');
    expect(new CircuitBreaker(settings, fileBreakerStore(path), () => 200).openUntil('claude')).toBe(30_100);
    writeFileSync(path, '{not json');
    expect(new CircuitBreaker(settings, fileBreakerStore(path), () => 200).openUntil('claude')).toBeUndefined();
  });
});
