import { describe, expect, it } from 'vitest';
import { boundedErrorKind, errorKindOf } from './error-kind.js';
import { cacheGetOutcome, noopTelemetry, track, type TelemetryScope } from './telemetry.js';

function recordingScope<O>(): TelemetryScope<O> & { ended: O[]; ran: number } {
  const scope = {
    ended: [] as O[],
    ran: 0,
    run<T>(fn: () => T): T {
      scope.ran += 1;
      return fn();
    },
    end(outcome: O) {
      scope.ended.push(outcome);
    },
  };
  return scope;
}

describe('track', () => {
  it('runs fn inside the scope and ends it once with the outcome of its value', async () => {
    const scope = recordingScope<{ ok: boolean; n?: number }>();
    const value = await track(scope, async () => 42, { value: (n) => ({ ok: true, n }), error: () => ({ ok: false }) });
    expect(value).toBe(42);
    expect(scope.ran).toBe(1);
    expect(scope.ended).toEqual([{ ok: true, n: 42 }]);
  });

  it('ends the scope with the outcome of a failure and rethrows it unchanged', async () => {
    const scope = recordingScope<{ ok: boolean; message?: string }>();
    const boom = new Error('boom');
    await expect(
      track(scope, () => Promise.reject(boom), {
        value: () => ({ ok: true }),
        error: (error) => ({ ok: false, message: (error as Error).message }),
      }),
    ).rejects.toBe(boom);
    expect(scope.ended).toEqual([{ ok: false, message: 'boom' }]);
  });

  it('cacheGetOutcome: a hit names its level, nothing is a miss, a failed lookup a failed miss', () => {
    const outcome = cacheGetOutcome((value: { level: string } | undefined) => value?.level);
    expect(outcome.value({ level: 'memory' })).toEqual({ hit: true, level: 'memory' });
    expect(outcome.value(undefined)).toEqual({ hit: false });
    expect(outcome.error(new Error('x'))).toEqual({ hit: false, failed: true });
  });
});

describe('noopTelemetry', () => {
  it('hands out the same static scopes: nothing allocated per ask', () => {
    const first = noopTelemetry.startAsk();
    expect(noopTelemetry.startAsk()).toBe(first);
    expect(first.attempt({ agent: 'a', attempt: 0 })).toBe(first.cacheGet());
    expect(first.run(() => 7)).toBe(7);
    expect(noopTelemetry.logFields).toBeUndefined();
  });

  it("track on a no-op scope hands back fn's own promise: no wrapping frame when telemetry is off", async () => {
    const ask = noopTelemetry.startAsk();
    const promise = Promise.resolve(3);
    expect(track(ask, () => promise, { value: () => ({ ok: true }), error: () => ({ ok: false }) })).toBe(promise);
    expect(
      track(
        ask.cacheGet(),
        () => promise,
        cacheGetOutcome(() => undefined),
      ),
    ).toBe(promise);
  });
});

describe('error kinds', () => {
  it('keeps label values in a bounded set', () => {
    expect(boundedErrorKind('rate_limit')).toBe('rate_limit');
    expect(boundedErrorKind('my plugin exploded: sk-secret')).toBe('error');
    expect(boundedErrorKind(undefined)).toBe('error');
  });

  it('classifies agent errors, the executor abort reasons and chain failures', () => {
    expect(errorKindOf({ kind: 'overloaded', message: 'busy' })).toBe('overloaded');
    expect(errorKindOf(Object.assign(new Error('late'), { name: 'DeadlineExceededError' }))).toBe('deadline');
    expect(errorKindOf(Object.assign(new Error('^C'), { name: 'InterruptedError' }))).toBe('interrupted');
    expect(
      errorKindOf({
        name: 'AllAgentsFailedError',
        attempts: [
          { ok: false, errorKind: 'auth' },
          { ok: false, errorKind: 'network' },
        ],
      }),
    ).toBe('network');
    expect(errorKindOf('a string')).toBe('error');
  });
});
