import { createClient, loadIoredis } from './redis-level.js';

export interface RedisTarget {
  url?: string;
  cluster?: string[];
}

export interface RedisPing {
  ok: boolean;
  /** host:port (or the cluster seeds): never the URL, which may hold a password. */
  target: string;
  reason?: string;
  ms: number;
}

/** Where a Redis target points, safe to print. */
export function redisLabel(target: RedisTarget): string {
  if (target.cluster?.length) return `cluster ${target.cluster.join(',')}`;
  try {
    return new URL(target.url ?? 'redis://127.0.0.1:6379').host;
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * Connect and PING within `timeoutMs`, with the same client settings as the cache (no offline queue, no
 * reconnects). Unlike the cache it ignores the Redis breaker: a diagnostic must look, not skip.
 */
export async function pingRedis(target: RedisTarget, options: { timeoutMs: number }): Promise<RedisPing> {
  const started = performance.now();
  const label = redisLabel(target);
  const ms = () => Math.round(performance.now() - started);
  let client: ReturnType<typeof createClient> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let cause: unknown;
  try {
    const ioredis = await loadIoredis();
    client = createClient(ioredis, { ...target, connectTimeoutMs: options.timeoutMs });
    // Without a listener an 'error' event would crash the process. It also holds the cause (ECONNREFUSED …)
    // where connect() only says "Connection is closed."
    client.on('error', (error: unknown) => {
      cause ??= error;
    });
    const connected = client;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    await Promise.race([connected.connect().then(() => connected.ping()), timeout]);
    return { ok: true, target: label, ms: ms() };
  } catch (error) {
    const reported = cause ?? error;
    const message = reported instanceof Error ? reported.message : String(reported);
    return { ok: false, target: label, reason: message.split('\n')[0]!.slice(0, 200), ms: ms() };
  } finally {
    clearTimeout(timer);
    client?.disconnect();
  }
}
