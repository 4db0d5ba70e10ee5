/**
 * Exit codes are a public interface: scripts and git hooks branch on them. Documented in the README and
 * pinned by e2e tests; never renumber one.
 */
export const ExitCode = {
  ok: 0,
  /** Every agent failed (generic). */
  failed: 1,
  /** Usage or configuration error. */
  usage: 2,
  /** No usable credentials for any candidate agent. */
  noCredentials: 3,
  /** Rate-limited after retries. */
  rateLimited: 4,
  /** Deadline exceeded. */
  deadline: 5,
  /** `payready review`: a finding at or above `--fail-on` severity. */
  findings: 6,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
