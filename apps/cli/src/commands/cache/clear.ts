import type { CacheLevel } from '@payready/core';
import type { CliIO } from '../../cli-io.js';
import { loadCliConfig } from '../../runtime/load-cli-config.js';
import { createCliCache } from './cli-cache.js';

export interface CacheClearOptions {
  level?: CacheLevel;
  config?: string;
}

/** `payready cache clear [--level memory|redis|disk]`: deletes cached answers; the counters go with a full clear. */
export async function cacheClear(options: CacheClearOptions, io: CliIO): Promise<number> {
  const { config } = await loadCliConfig(io, options.config ? { file: options.config } : {});
  const cache = createCliCache(io, config, { evenIfDisabled: true })!;
  try {
    if (options.level === 'redis' && !cache.redis) {
      io.stderr.write('payready: no Redis level configured (cache.redis.url or REDIS_URL)\n');
      return 0;
    }
    const cleared = await cache.clear(options.level);
    const parts = Object.entries(cleared).map(([level, entries]) => `${level} ${entries}`);
    io.stderr.write(`payready: cleared ${parts.length > 0 ? parts.join(', ') : 'nothing'}\n`);
    return 0;
  } finally {
    await cache.close();
  }
}
