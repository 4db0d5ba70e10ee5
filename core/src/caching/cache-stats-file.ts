import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@payready/shared';
import type { CacheLevel } from './cached-answer.js';

export interface CacheCounters {
  hits: Record<CacheLevel, number>;
  misses: number;
  /** Stale answers served because every agent failed. */
  stale: number;
}

const CODE: Record<CacheLevel | 'miss' | 'stale', string> = {
  memory: 'm',
  redis: 'r',
  disk: 'd',
  miss: 'x',
  stale: 's',
};
const COMPACT_AT = 4096;

function empty(): CacheCounters {
  return { hits: { memory: 0, redis: 0, disk: 0 }, misses: 0, stale: 0 };
}

function tally(into: CacheCounters, log: string): CacheCounters {
  for (const char of log) {
    if (char === 'm') into.hits.memory++;
    else if (char === 'r') into.hits.redis++;
    else if (char === 'd') into.hits.disk++;
    else if (char === 'x') into.misses++;
    else if (char === 's') into.stale++;
  }
  return into;
}

/**
 * Hit and miss counters shared by every process, updated for about one syscall: each lookup appends one
 * byte to a log (O_APPEND writes never interleave or get lost), and a log past 4 KB is folded into a JSON
 * totals file. Two processes folding at once may lose one fold's counts: these are statistics, not money.
 */
export class CacheStatsFile {
  private readonly log: string;
  private readonly totals: string;

  constructor(stateDir: string) {
    this.log = join(stateDir, 'cache-stats.log');
    this.totals = join(stateDir, 'cache-stats.json');
  }

  record(outcome: CacheLevel | 'miss' | 'stale'): void {
    try {
      let fd: number;
      try {
        fd = openSync(this.log, 'a', 0o600);
      } catch {
        mkdirSync(dirname(this.log), { recursive: true, mode: 0o700 });
        fd = openSync(this.log, 'a', 0o600);
      }
      try {
        writeSync(fd, CODE[outcome]);
        if (fstatSync(fd).size >= COMPACT_AT) this.compact();
      } finally {
        closeSync(fd);
      }
    } catch {
      // Statistics must never cost an answer.
    }
  }

  private readTotals(): CacheCounters {
    try {
      const parsed = JSON.parse(readFileSync(this.totals, 'utf8')) as Partial<CacheCounters>;
      return { hits: { ...empty().hits, ...parsed.hits }, misses: parsed.misses ?? 0, stale: parsed.stale ?? 0 };
    } catch {
      return empty();
    }
  }

  private compact(): void {
    const claimed = `${this.log}.${process.pid}.fold`;
    try {
      renameSync(this.log, claimed);
    } catch {
      return; // another process is folding it
    }
    const counters = tally(this.readTotals(), readFileSync(claimed, 'latin1'));
    writeFileAtomic(this.totals, JSON.stringify(counters), { fsync: false });
    rmSync(claimed, { force: true });
  }

  read(): CacheCounters {
    let log = '';
    try {
      log = readFileSync(this.log, 'latin1');
    } catch {
      log = '';
    }
    return tally(this.readTotals(), log);
  }

  reset(): void {
    rmSync(this.log, { force: true });
    rmSync(this.totals, { force: true });
  }
}
