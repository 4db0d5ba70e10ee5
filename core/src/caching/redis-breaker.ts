import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '@payready/shared';

export interface RedisBreakerOptions {
  /** `$XDG_STATE_HOME/payready/redis-breaker.json`, shared by every CLI process. */
  file: string;
  /** Which Redis this is about (a hash of its address, never the URL: it may hold a password). */
  target: string;
  cooldownMs: number;
  now?: () => number;
}

type BreakerFile = Record<string, { openUntil: number; reason: string }>;

/**
 * After a failed connect or command, Redis is skipped for `cooldownMs`, and the verdict is written to a file
 * so the next CLI process skips it too instead of paying the connect timeout again. A missing or corrupt
 * file means closed: losing it costs one more timeout, never an answer.
 */
export class RedisBreaker {
  private openUntil: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: RedisBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  private read(): BreakerFile {
    try {
      const parsed = JSON.parse(readFileSync(this.options.file, 'utf8')) as unknown;
      return typeof parsed === 'object' && parsed !== null ? (parsed as BreakerFile) : {};
    } catch {
      return {};
    }
  }

  private write(states: BreakerFile): void {
    try {
      writeFileAtomic(this.options.file, JSON.stringify(states), { fsync: false });
    } catch {
      // A read-only state dir: this process still remembers, only the next one pays again.
    }
  }

  isOpen(): boolean {
    this.openUntil ??= this.read()[this.options.target]?.openUntil ?? 0;
    return this.now() < this.openUntil;
  }

  /** Remaining cool-down in ms (0 when closed). */
  remainingMs(): number {
    return this.isOpen() ? this.openUntil! - this.now() : 0;
  }

  trip(reason: string): void {
    this.openUntil = this.now() + this.options.cooldownMs;
    this.write({ ...this.read(), [this.options.target]: { openUntil: this.openUntil, reason } });
  }

  /** After a successful connect: forget an expired verdict so the file does not grow stale entries. */
  reset(): void {
    const states = this.read();
    this.openUntil = 0;
    if (!(this.options.target in states)) return;
    delete states[this.options.target];
    this.write(states);
  }
}
