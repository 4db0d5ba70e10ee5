import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '@payready/shared';
import type { BreakerState, BreakerStore } from './circuit-breaker.js';

/**
 * Breaker states in one small JSON file, so the next CLI process knows an agent is down. A missing or
 * corrupt file means "all closed": losing breaker state costs one more timeout, never an answer.
 */
export function fileBreakerStore(path: string): BreakerStore {
  return {
    read() {
      try {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
        return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, BreakerState>) : {};
      } catch {
        return {};
      }
    },
    write(states) {
      try {
        // No fsync: this is a hint, and an fsync on every failure would slow the failure path.
        writeFileAtomic(path, JSON.stringify(states), { fsync: false });
      } catch {
        // A read-only state dir must not turn an agent failure into a crash.
      }
    },
  };
}

export function memoryBreakerStore(): BreakerStore {
  let states: Record<string, BreakerState> = {};
  return {
    read: () => structuredClone(states),
    write: (next) => {
      states = structuredClone(next);
    },
  };
}
