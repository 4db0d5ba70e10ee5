import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBreaker, RedisLevel } from '@payready/core';
import { freePort, requireBinary } from '../../test-utils/src/index.js';

// A private three-master Redis Cluster on loopback, for cache.redis.cluster.
const nodes: ChildProcess[] = [];
let ports: number[] = [];
let dir: string;

async function waitForCluster(cli: string, port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const info = execFileSync(cli, ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' });
    if (info.includes('cluster_state:ok')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the test Redis Cluster did not become ready');
}

beforeAll(async () => {
  const server = requireBinary('redis-server');
  const cli = requireBinary('redis-cli', 'redis-tools');
  dir = mkdtempSync(join(tmpdir(), 'payready-redis-cluster-'));
  ports = [await freePort(), await freePort(), await freePort()];
  for (const port of ports) {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--cluster-enabled',
      'yes',
    ];
    nodes.push(
      spawn(server, [...args, '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir], {
        stdio: 'ignore',
      }),
    );
  }
  for (const port of ports) {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        execFileSync(cli, ['-p', String(port), 'ping'], { stdio: 'ignore' });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
  execFileSync(
    cli,
    ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'],
    { stdio: 'ignore' },
  );
  await waitForCluster(cli, ports[0]!);
});

afterAll(() => {
  for (const node of nodes) node.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('RedisLevel on a Redis Cluster (cache.redis.cluster)', () => {
  it('stores, reads, locks, counts and clears across the masters', async () => {
    const cache = new RedisLevel({
      cluster: [`127.0.0.1:${ports[0]}`],
      connectTimeoutMs: 1000,
      maxValueBytes: 1024 * 1024,
      breaker: new RedisBreaker({ file: join(dir, 'breaker.json'), target: 'cluster', cooldownMs: 30_000 }),
    });
    try {
      const keys = Array.from({ length: 20 }, (_, index) => `key-${index}`);
      for (const key of keys) await cache.set(key, `value of ${key}`, 60_000);
      for (const key of keys) expect(await cache.get(key)).toBe(`value of ${key}`);
      const token = await cache.tryLock('key-1', 5000);
      expect(token).toBeDefined();
      expect(await cache.tryLock('key-1', 5000)).toBeUndefined();
      await cache.unlock('key-1', token!);
      expect(await cache.lockHeld('key-1')).toBe(false);
      expect((await cache.stats())?.entries).toBe(20);
      expect(await cache.clear()).toEqual({ entries: 20 });
      expect(await cache.get('key-3')).toBeUndefined();
      expect(cache.usable()).toBe(true);
    } finally {
      await cache.close();
    }
  });
});
