import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { askResponseSchema } from '@payready/shared/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../test-utils/src/index.js';
import { countingPlugin, killAllServes, postJson, serveHome, startServe, type ServeProcess } from './serve-process.js';

// Two replicas (separate homes: separate memory and disk caches) behind one redis-server.
const TOKEN = 'replica-token-0123456789';
let redis: RedisServer;
const homes: Array<ReturnType<typeof serveHome>> = [];
const replicas: ServeProcess[] = [];

function calls(home: ReturnType<typeof serveHome>): number {
  const log = join(home.root, 'upstream.log');
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).length : 0;
}

beforeAll(async () => {
  redis = await startRedis();
  for (let index = 0; index < 2; index++) {
    const home = serveHome(
      [
        `plugins: {paths: [${countingPlugin}]}`,
        // A generous connect timeout: a loaded CI machine must not push the limiter onto per-replica buckets.
        `cache: {redis: {url: "${redis.url}", connect_timeout_ms: 2000}}`,
        `server: {tokens: [{name: team, sha256: ${createHash('sha256').update(TOKEN).digest('hex')}}], rate_limit: {burst: 3, requests_per_minute: 1}}`,
        '',
      ].join('\n'),
    );
    homes.push(home);
    replicas.push(
      await startServe({
        env: { ...home.env, COUNTING_AGENT_LOG: join(home.root, 'upstream.log') },
        args: ['--config', home.configFile],
      }),
    );
  }
});
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  killAllServes();
  await redis?.stop();
  for (const home of homes) home.cleanup();
});

const auth = { authorization: `Bearer ${TOKEN}` };

describe('two replicas, one Redis', () => {
  it('share the answer cache: the second replica answers from Redis without an upstream call', async () => {
    const first = askResponseSchema.parse(
      (await postJson(`${replicas[0]!.url}/v1/ask`, { prompt: 'shared question', agent: 'counter' }, auth)).json,
    );
    expect(first).toMatchObject({ cached: false, answer: 'counted: shared question' });
    const second = askResponseSchema.parse(
      (await postJson(`${replicas[1]!.url}/v1/ask`, { prompt: 'shared question', agent: 'counter' }, auth)).json,
    );
    expect(second).toMatchObject({ cached: true, cacheLevel: 'redis', answer: 'counted: shared question' });
    expect([calls(homes[0]!), calls(homes[1]!)]).toEqual([1, 0]);
  });

  it('share one rate-limit budget per token', async () => {
    // The cache test spent 2 of the burst of 3.
    const first = await postJson(`${replicas[1]!.url}/v1/route`, { prompt: 'x' }, auth);
    const second = await postJson(`${replicas[0]!.url}/v1/route`, { prompt: 'x' }, auth);
    expect([first.status, second.status]).toEqual([200, 429]);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    const ready = (await (await fetch(`${replicas[0]!.url}/ready`)).json()) as { checks: { redis: string } };
    expect(ready.checks.redis).toBe('ok');
    for (const replica of replicas) expect(replica.logs()).not.toContain('rate limits kept per replica');
  });
});
