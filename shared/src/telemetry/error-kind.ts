import { AGENT_ERROR_KINDS } from '@payready/agent-contract';

/**
 * The bounded set of `error_type` label values: the contract's AgentErrorKinds plus the two ways an ask ends
 * from above, and `error` for the rest.
 */
export const ERROR_KINDS: ReadonlySet<string> = new Set([...AGENT_ERROR_KINDS, 'deadline', 'interrupted', 'error']);

/** A label-safe kind: known kinds pass, anything else (a community plugin's invention) becomes `error`. */
export function boundedErrorKind(kind: string | undefined): string {
  return kind !== undefined && ERROR_KINDS.has(kind) ? kind : 'error';
}

/**
 * The kind of whatever an ask or attempt threw: an AgentError's `kind`, `deadline` / `interrupted` for the
 * executor's abort reasons, otherwise the last attempt's kind of an AllAgentsFailedError, else `error`.
 */
export function errorKindOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'error';
  const candidate = error as { kind?: unknown; name?: unknown; attempts?: unknown };
  if (typeof candidate.kind === 'string') return boundedErrorKind(candidate.kind);
  if (candidate.name === 'DeadlineExceededError') return 'deadline';
  if (candidate.name === 'InterruptedError') return 'interrupted';
  if (Array.isArray(candidate.attempts)) {
    const failed = (candidate.attempts as Array<{ ok?: boolean; errorKind?: string }>).filter((attempt) => !attempt.ok);
    return boundedErrorKind(failed.at(-1)?.errorKind);
  }
  return 'error';
}
