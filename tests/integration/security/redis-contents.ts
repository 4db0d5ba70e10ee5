import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../../test-utils/src/index.js';
import type { LeakSource } from './leak-scan.js';

interface CallingRedis {
  call(command: string, ...args: string[]): Promise<unknown>;
  callBuffer(command: string, ...args: string[]): Promise<unknown>;
  quit(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

// ioredis is a dependency of @payready/core, not of the tests package: load core's copy, as the CLI does.
const requireFromCore = createRequire(join(repoRoot, 'core/package.json'));

/** The value of `key` as bytes, whatever its type (a hash or list is flattened field by field). */
async function valueOf(client: CallingRedis, key: string): Promise<Buffer> {
  const type = String(await client.call('TYPE', key));
  const read: Record<string, string[]> = {
    string: ['GET', key],
    hash: ['HGETALL', key],
    list: ['LRANGE', key, '0', '-1'],
    set: ['SMEMBERS', key],
    zset: ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
    stream: ['XRANGE', key, '-', '+'],
  };
  const command = read[type];
  if (!command) return Buffer.from(`<unreadable redis type ${type}>`);
  const flatten = (value: unknown): Buffer[] =>
    Array.isArray(value) ? value.flatMap(flatten) : [Buffer.isBuffer(value) ? value : Buffer.from(String(value ?? ''))];
  return Buffer.concat(
    flatten(await client.callBuffer(command[0]!, ...command.slice(1))).map((part) =>
      Buffer.concat([part, Buffer.from('\n')]),
    ),
  );
}

/** Every key of the Redis at `url` (SCAN, all databases the CLI uses: db 0) and its value, as leak sources. */
export async function redisContents(url: string): Promise<LeakSource[]> {
  const { Redis } = requireFromCore('ioredis') as { Redis: new (url: string, options?: object) => CallingRedis };
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    const sources: LeakSource[] = [];
    let cursor = '0';
    do {
      const [next, keys] = (await client.call('SCAN', cursor, 'COUNT', '1000')) as [string, string[]];
      cursor = next;
      for (const key of keys) {
        sources.push({ where: `redis key name ${JSON.stringify(key)}`, data: key });
        sources.push({ where: `redis value of ${JSON.stringify(key)}`, data: await valueOf(client, key) });
      }
    } while (cursor !== '0');
    return sources;
  } finally {
    await client.quit();
  }
}
