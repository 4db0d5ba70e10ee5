import { join } from 'node:path';
import type { PayReadyConfig } from '@payready/shared';
import { AnswerCache } from './answer-cache.js';
import { CacheStatsFile } from './cache-stats-file.js';
import { DiskLevel } from './disk-level.js';
import { MemoryLevel } from './memory-level.js';
import { RedisBreaker } from './redis-breaker.js';
import { RedisLevel } from './redis-level.js';
import { sha256Hex } from './sha256-hex.js';

export interface CreateAnswerCacheOptions {
  config: PayReadyConfig;
  /** `$XDG_CACHE_HOME/payready` */
  cacheDir: string;
  /** `$XDG_STATE_HOME/payready` */
  stateDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Each kind of trouble (Redis down, disk not writable) is reported once per process. */
  warn?: (message: string) => void;
  /** For `payready cache stats|clear`: the levels even when cache.enabled is false. */
  evenIfDisabled?: boolean;
}

export function answersDir(cacheDir: string): string {
  return join(cacheDir, 'answers');
}

/** The redis URL or cluster seeds in effect, if any: config first, then REDIS_URL. */
export function redisTarget(
  config: PayReadyConfig,
  env: CreateAnswerCacheOptions['env'],
): { url?: string; cluster?: string[] } | undefined {
  const { cluster } = config.cache.redis;
  if (cluster && cluster.length > 0) return { cluster };
  const url = config.cache.redis.url ?? env.REDIS_URL;
  return url ? { url } : undefined;
}

/** The levels the config asks for, or undefined when the cache is off. Nothing here connects or imports ioredis. */
export function createAnswerCache(options: CreateAnswerCacheOptions): AnswerCache | undefined {
  const { config } = options;
  if (!config.cache.enabled && !options.evenIfDisabled) return undefined;
  const settings = config.cache;
  const target = redisTarget(config, options.env);
  let diskWarned = false;
  return new AnswerCache({
    memory: new MemoryLevel({ maxEntries: settings.memory.max_entries, maxBytes: settings.memory.max_bytes }),
    ...(target
      ? {
          redis: new RedisLevel({
            ...target,
            connectTimeoutMs: settings.redis.connect_timeout_ms,
            maxValueBytes: settings.redis.max_value_bytes,
            breaker: new RedisBreaker({
              file: join(options.stateDir, 'redis-breaker.json'),
              target: sha256Hex(target.url ?? target.cluster!.join(',')).slice(0, 16),
              cooldownMs: settings.redis.cooldown_ms,
            }),
            ...(options.warn ? { warn: options.warn } : {}),
          }),
        }
      : {}),
    ...(settings.disk.enabled
      ? {
          disk: new DiskLevel({
            dir: answersDir(options.cacheDir),
            maxBytes: settings.disk.max_bytes,
            onWriteError: (error) => {
              if (diskWarned) return;
              diskWarned = true;
              options.warn?.(
                `answer cache not written to disk (${(error as NodeJS.ErrnoException).code ?? String(error)}); answers still work`,
              );
            },
          }),
        }
      : {}),
    stats: new CacheStatsFile(options.stateDir),
  });
}
