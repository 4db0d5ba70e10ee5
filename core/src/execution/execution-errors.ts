import { ExitCode, PayReadyError } from '@payready/shared';
import type { AttemptRecord } from './attempt-record.js';

function summarise(attempts: readonly AttemptRecord[]): string {
  return attempts
    .map((attempt) => {
      const what = attempt.ok ? 'ok' : `${attempt.errorKind ?? 'error'}${attempt.status ? ` (${attempt.status})` : ''}`;
      const retry = attempt.attempt > 0 ? ` retry ${attempt.attempt}` : '';
      return `  ${attempt.agent}${retry}: ${what}${attempt.message ? ` — ${attempt.message}` : ''} [${Math.round(attempt.ms)} ms]`;
    })
    .join('\n');
}

/** The final failure of each agent: the attempt that made the executor move on. */
function lastAttemptPerAgent(attempts: readonly AttemptRecord[]): AttemptRecord[] {
  const last = new Map<string, AttemptRecord>();
  for (const attempt of attempts) last.set(attempt.agent, attempt);
  return [...last.values()];
}

/** Every agent of the chain failed (or the one that may not be replaced did). */
export class AllAgentsFailedError extends PayReadyError {
  readonly attempts: readonly AttemptRecord[];

  constructor(attempts: readonly AttemptRecord[], options: { stoppedBy?: AttemptRecord } = {}) {
    const finals = lastAttemptPerAgent(attempts);
    const allAuth = finals.length > 0 && finals.every((attempt) => attempt.errorKind === 'auth');
    const allRateLimited = finals.length > 0 && finals.every((attempt) => attempt.errorKind === 'rate_limit');
    const exitCode = options.stoppedBy
      ? ExitCode.failed
      : allAuth
        ? ExitCode.noCredentials
        : allRateLimited
          ? ExitCode.rateLimited
          : ExitCode.failed;
    const headline = options.stoppedBy
      ? `${options.stoppedBy.agent} rejected the request: ${options.stoppedBy.message ?? 'bad request'}`
      : allAuth
        ? 'no usable credentials for any candidate agent'
        : allRateLimited
          ? 'rate-limited by every agent after retries'
          : 'every agent failed';
    const fixes = [...new Set(finals.map((attempt) => attempt.fix).filter((fix): fix is string => Boolean(fix)))];
    super(`${headline}\n${summarise(attempts)}`, {
      exitCode,
      name: 'AllAgentsFailedError',
      ...(fixes.length > 0 ? { hint: fixes.join('\n') } : {}),
    });
    this.attempts = attempts;
  }
}

/** The whole chain ran past `--deadline` / routing.deadline. */
export class DeadlineExceededError extends PayReadyError {
  attempts: readonly AttemptRecord[] = [];

  constructor(deadlineMs: number) {
    super(`deadline of ${deadlineMs} ms exceeded`, {
      exitCode: ExitCode.deadline,
      name: 'DeadlineExceededError',
      hint: 'raise --deadline, or use --on-timeout=skip where an answer is optional (git hooks)',
    });
  }
}

/** Ctrl-C (or the caller's own signal). */
export class InterruptedError extends PayReadyError {
  constructor() {
    super('interrupted', { exitCode: ExitCode.interrupted, name: 'InterruptedError' });
  }
}
