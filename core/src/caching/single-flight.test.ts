import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('runs one call per key while it is in flight, and shares its outcome', async () => {
    const flights = new SingleFlight<string>();
    let calls = 0;
    let release!: (value: string) => void;
    const call = () => {
      calls++;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const first = flights.run('k', call);
    const second = flights.run('k', call);
    const other = flights.run('other', async () => 'other');
    expect(first.shared).toBe(false);
    expect(second.shared).toBe(true);
    expect(calls).toBe(1);
    release('v');
    expect(await first.promise).toBe('v');
    expect(await second.promise).toBe('v');
    expect(await other.promise).toBe('other');
    expect(flights.size).toBe(0);
  });

  it('shares a failure, then lets the next caller try again', async () => {
    const flights = new SingleFlight<string>();
    const failing = flights.run('k', async () => {
      throw new Error('upstream down');
    });
    const follower = flights.run('k', async () => 'never');
    await expect(failing.promise).rejects.toThrow('upstream down');
    await expect(follower.promise).rejects.toThrow('upstream down');
    const retry = flights.run('k', async () => 'ok');
    expect(retry.shared).toBe(false);
    expect(await retry.promise).toBe('ok');
  });
});
