import type { CacheLevel, LevelStats } from '@payready/core';
import type { CliIO } from '../../cli-io.js';
import { loadCliConfig } from '../../runtime/load-cli-config.js';
import { createCliCache } from './cli-cache.js';

export interface CacheStatsOptions {
  json?: boolean;
  config?: string;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `payready cache stats`: what each level holds, and how often lookups hit (counted by every process). */
export async function cacheStats(options: CacheStatsOptions, io: CliIO): Promise<number> {
  const { config } = await loadCliConfig(io, options.config ? { file: options.config } : {});
  const cache = createCliCache(io, config, { evenIfDisabled: true })!;
  try {
    const levels = await cache.levelStats();
    const counters = cache.counters() ?? { hits: { memory: 0, redis: 0, disk: 0 }, misses: 0, stale: 0 };
    const hits = counters.hits.memory + counters.hits.redis + counters.hits.disk;
    const lookups = hits + counters.misses;
    const hitRatio = lookups === 0 ? null : hits / lookups;
    if (options.json) {
      io.stdout.write(
        `${JSON.stringify({ enabled: config.cache.enabled, levels, hits: counters.hits, misses: counters.misses, stale: counters.stale, hitRatio })}\n`,
      );
      return 0;
    }
    const lines = [`cache ${config.cache.enabled ? 'enabled' : 'disabled (cache.enabled: false)'}`];
    const describe = (level: CacheLevel, stats: LevelStats | null | undefined, note: string): string =>
      stats === undefined
        ? `  ${level.padEnd(7)} not configured`
        : stats === null
          ? `  ${level.padEnd(7)} unreachable`
          : `  ${level.padEnd(7)} ${stats.entries} entries, ${size(stats.bytes)}${note}`;
    lines.push(describe('memory', levels.memory, ' (this process only)'));
    lines.push(describe('redis', levels.redis, ''));
    lines.push(describe('disk', levels.disk, ''));
    lines.push(
      `hits: memory ${counters.hits.memory}, redis ${counters.hits.redis}, disk ${counters.hits.disk}; misses ${counters.misses}; stale served ${counters.stale}`,
      `hit ratio: ${hitRatio === null ? 'n/a (no lookups yet)' : `${(hitRatio * 100).toFixed(1)}%`}`,
    );
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await cache.close();
  }
}
