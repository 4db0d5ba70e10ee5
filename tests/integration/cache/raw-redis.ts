import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../../test-utils/src/index.js';

/** The few raw commands the tests check Redis with. */
export interface RawRedis {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  exists(key: string): Promise<number>;
  pttl(key: string): Promise<number>;
  keys(pattern: string): Promise<string[]>;
  flushall(): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

// ioredis is a dependency of @payready/core, not of the tests package: load core's copy, as the CLI does.
const requireFromCore = createRequire(join(repoRoot, 'core/package.json'));

export function rawRedis(url: string): RawRedis {
  const { Redis } = requireFromCore('ioredis') as { Redis: new (url: string, options?: object) => RawRedis };
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined); // the tests stop and restart Redis under it on purpose
  return client;
}

/** The same client class, for the benchmark's raw-GET baseline. */
export function ioredisClass(): new (url: string, options?: object) => RawRedis {
  return (requireFromCore('ioredis') as { Redis: new (url: string, options?: object) => RawRedis }).Redis;
}
