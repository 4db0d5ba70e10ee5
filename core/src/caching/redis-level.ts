import { lazyCrypto } from '@payready/shared';
import type * as Ioredis from 'ioredis';
import type { Cluster, Redis } from 'ioredis';
import type { RedisBreaker } from './redis-breaker.js';

export interface RedisLevelOptions {
  url?: string;
  /** host:port seeds of a Redis Cluster; used instead of `url` when set. */
  cluster?: string[];
  connectTimeoutMs: number;
  maxValueBytes: number;
  breaker: RedisBreaker;
  /** Told once per process when Redis becomes unusable; `debug` gets the detail. */
  warn?: (message: string) => void;
  /** Key prefix, versioned so a format change never reads old values. */
  prefix?: string;
}

type Client = Redis | Cluster;

const UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

type IoredisModule = typeof Ioredis;

/** ioredis is CommonJS: named exports under Node, only `default` once bundled by esbuild. */
export async function loadIoredis(): Promise<Pick<IoredisModule, 'Redis' | 'Cluster'>> {
  const module = (await import('ioredis')) as Partial<IoredisModule> & { default?: Partial<IoredisModule> };
  const Redis = module.Redis ?? module.default?.Redis;
  const Cluster = module.Cluster ?? module.default?.Cluster;
  if (!Redis || !Cluster) throw new Error('ioredis has no Redis or Cluster export');
  return { Redis, Cluster };
}

export function createClient(
  { Redis, Cluster }: Pick<IoredisModule, 'Redis' | 'Cluster'>,
  options: Pick<RedisLevelOptions, 'url' | 'cluster' | 'connectTimeoutMs'>,
): Client {
  const timeout = options.connectTimeoutMs;
  const common = {
    lazyConnect: true,
    connectTimeout: timeout,
    // A healthy Redis answers in well under a millisecond on loopback; a hung one must not hold an ask.
    commandTimeout: timeout * 2,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: () => null,
  };
  if (options.cluster?.length) {
    const nodes = options.cluster.map((seed) => {
      const [host, port] = seed.split(':');
      return { host: host || '127.0.0.1', port: Number(port ?? 6379) };
    });
    return new Cluster(nodes, {
      lazyConnect: true,
      enableOfflineQueue: false,
      enableReadyCheck: false,
      clusterRetryStrategy: () => null,
      slotsRefreshTimeout: timeout,
      redisOptions: common,
    });
  }
  return new Redis(options.url ?? 'redis://127.0.0.1:6379', common);
}

/**
 * L2: shared by every process and machine pointed at the same Redis. Optional and never blocking: ioredis
 * is imported only when Redis is configured; no offline queue, no reconnect loop, one short connect timeout;
 * any failure opens the breaker and the cache carries on without this level.
 */
export class RedisLevel {
  readonly prefix: string;
  private client: Client | undefined;
  private connecting: Promise<Client | undefined> | undefined;
  private warned = false;
  /** ms this process spent on Redis calls that failed (for the "pays at most the timeout once" promise). */
  failedMs = 0;

  constructor(private readonly options: RedisLevelOptions) {
    this.prefix = options.prefix ?? 'payready:v1:';
  }

  /** False while the breaker is open: callers skip the level without awaiting anything. */
  usable(): boolean {
    return this.client !== undefined || !this.options.breaker.isOpen();
  }

  private async connect(): Promise<Client | undefined> {
    const started = performance.now();
    let client: Client | undefined;
    try {
      client = createClient(await loadIoredis(), this.options);
      // Failures surface through the calls; without a listener an 'error' event would crash the process.
      client.on('error', () => undefined);
      await withTimeout(client.connect(), this.options.connectTimeoutMs + 50);
      this.options.breaker.reset();
      this.client = client;
      return client;
    } catch (error) {
      client?.disconnect();
      this.fail(error, performance.now() - started);
      return undefined;
    }
  }

  private async ready(): Promise<Client | undefined> {
    if (this.client) return this.client;
    if (this.options.breaker.isOpen()) return undefined;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private fail(error: unknown, ms: number): void {
    this.failedMs += ms;
    this.client?.disconnect();
    this.client = undefined;
    const reason = reasonOf(error);
    this.options.breaker.trip(reason);
    if (this.warned) return;
    this.warned = true;
    this.options.warn?.(
      `Redis cache unavailable (${reason}) after ${Math.round(ms)} ms; skipped for the next ${this.options.breaker.remainingMs()} ms`,
    );
  }

  /** Runs one call; on any failure opens the breaker and returns `fallback`. */
  private async call<T>(fallback: T, run: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.ready();
    if (!client) return fallback;
    const started = performance.now();
    try {
      return await run(client);
    } catch (error) {
      if (this.client === client) this.fail(error, performance.now() - started);
      return fallback;
    }
  }

  async get(key: string): Promise<string | undefined> {
    return this.call(undefined, async (client) => (await client.get(this.prefix + key)) ?? undefined);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0 || Buffer.byteLength(value) > this.options.maxValueBytes) return;
    await this.call(undefined, async (client) => {
      await client.set(this.prefix + key, value, 'PX', Math.ceil(ttlMs));
    });
  }

  async delete(key: string): Promise<void> {
    await this.call(undefined, async (client) => {
      await client.del(this.prefix + key);
    });
  }

  /** SET NX PX: a token when this process now holds the lock for `key`, undefined otherwise. */
  async tryLock(key: string, ttlMs: number): Promise<string | undefined> {
    const token = lazyCrypto().randomBytes(12).toString('hex');
    return this.call(undefined, async (client) =>
      (await client.set(`${this.prefix}lock:${key}`, token, 'PX', Math.ceil(ttlMs), 'NX')) === 'OK' ? token : undefined,
    );
  }

  async lockHeld(key: string): Promise<boolean> {
    return this.call(false, async (client) => (await client.exists(`${this.prefix}lock:${key}`)) === 1);
  }

  /** Releases the lock only if it is still ours (it may have expired and been taken by another process). */
  async unlock(key: string, token: string): Promise<void> {
    await this.call(undefined, async (client) => {
      await client.eval(UNLOCK, 1, `${this.prefix}lock:${key}`, token);
    });
  }

  private async eachKey(client: Client, visit: (keys: string[], node: Redis) => Promise<void>): Promise<void> {
    const nodes = this.options.cluster?.length ? (client as Cluster).nodes('master') : [client as Redis];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500);
        cursor = next;
        const entries = keys.filter((name) => !name.startsWith(`${this.prefix}lock:`));
        if (entries.length > 0) await visit(entries, node);
      } while (cursor !== '0');
    }
  }

  async stats(): Promise<{ entries: number; bytes: number } | undefined> {
    return this.call(undefined, async (client) => {
      const totals = { entries: 0, bytes: 0 };
      await this.eachKey(client, async (keys, node) => {
        const pipeline = node.pipeline();
        for (const key of keys) pipeline.strlen(key);
        const lengths = (await pipeline.exec()) ?? [];
        totals.entries += keys.length;
        for (const [, length] of lengths) totals.bytes += Number(length) || 0;
      });
      return totals;
    });
  }

  async clear(): Promise<{ entries: number } | undefined> {
    return this.call(undefined, async (client) => {
      let entries = 0;
      await this.eachKey(client, async (keys, node) => {
        // One key per command: in a cluster, a multi-key UNLINK across hash slots is refused (CROSSSLOT).
        const pipeline = node.pipeline();
        for (const key of keys) pipeline.unlink(key);
        for (const [error, removed] of (await pipeline.exec()) ?? []) {
          if (error) throw error;
          entries += Number(removed) || 0;
        }
      });
      return { entries };
    });
  }

  async close(): Promise<void> {
    const client = this.client ?? (await this.connecting);
    this.client = undefined;
    client?.disconnect();
  }
}
