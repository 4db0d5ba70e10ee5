/**
 * The one error type an agent throws. The executor decides what to do from `kind` alone, so a plugin
 * never needs to know about retries or fallbacks.
 */
export type AgentErrorKind =
  | 'auth'
  | 'rate_limit'
  | 'overloaded'
  | 'timeout'
  | 'network'
  | 'bad_request'
  | 'context_length'
  | 'content_filter'
  | 'unavailable'
  | 'internal';

export const AGENT_ERROR_KINDS: readonly AgentErrorKind[] = [
  'auth',
  'rate_limit',
  'overloaded',
  'timeout',
  'network',
  'bad_request',
  'context_length',
  'content_filter',
  'unavailable',
  'internal',
];

/** Kinds worth retrying on the same agent: the failure is transient and the next try may succeed. */
const RETRYABLE_KINDS: ReadonlySet<AgentErrorKind> = new Set(['rate_limit', 'overloaded', 'network', 'timeout']);

export interface AgentErrorOptions {
  kind: AgentErrorKind;
  message: string;
  /** Which agent failed; the executor fills it in when a plugin leaves it out. */
  agent?: string;
  /** HTTP status from the upstream, when there was one. */
  status?: number;
  /** Delay the upstream asked for (retry-after), in milliseconds. */
  retryAfterMs?: number;
  /** Overrides the default derived from `kind` (e.g. an upstream `x-should-retry: false`). */
  retryable?: boolean;
  cause?: unknown;
}

// A registry-wide symbol rather than `instanceof`, so a community plugin that bundles its own copy of this
// package still produces errors the executor recognises.
const MARKER = Symbol.for('payready.agent-error');

export class AgentError extends Error {
  readonly kind: AgentErrorKind;
  readonly agent: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;
  readonly [MARKER] = true;

  constructor(options: AgentErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentError';
    this.kind = options.kind;
    this.agent = options.agent;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? RETRYABLE_KINDS.has(options.kind);
  }

  static isInstance(value: unknown): value is AgentError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /** A copy that names the agent, for errors a plugin threw without one. */
  withAgent(agent: string): AgentError {
    if (this.agent === agent) return this;
    return new AgentError({
      kind: this.kind,
      message: this.message,
      agent,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      retryable: this.retryable,
      cause: this.cause,
    });
  }
}

export function isRetryableKind(kind: AgentErrorKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}
