/**
 * The telemetry sink core reports to. Core calls these methods and nothing else: prom-client and the
 * OpenTelemetry SDK sit behind implementations loaded with `import()` only when metrics or tracing are on,
 * so with both off an ask pays for a few calls into `noopTelemetry`.
 *
 * Everything passed here may end up as a metric label, so it is bounded by construction: agent names come
 * from the registry, error kinds from AgentErrorKind (plus `deadline` / `interrupted`), cache levels from
 * the cache. Never a prompt, a user-supplied model string (models go to span attributes only) or an error
 * message (messages go to span events only).
 */

/** One operation in flight (the ask, a cache lookup, an attempt). `end` is called exactly once. */
export interface TelemetryScope<Outcome> {
  /** Runs `fn` with this operation as the current one: log lines written meanwhile carry its span ids. */
  run<T>(fn: () => T): T;
  end(outcome: Outcome): void;
}

export interface AskStart {
  /** `cli` or `server`: which front door took the ask. */
  entry?: string;
  /** The agent forced with `--agent` / the request body, if any. */
  forcedAgent?: string;
}

export interface AskOutcome {
  ok: boolean;
  /** The agent that answered (or the last one tried). */
  agent?: string;
  /** On failure: an AgentErrorKind, `deadline`, `interrupted` or `error`. */
  errorKind?: string;
  cached?: boolean;
  cacheLevel?: string | null;
  /** The side of the answering agent's canary split. */
  variant?: string;
  /** The failure itself, for the span's exception event. */
  error?: unknown;
}

export interface RouteInfo {
  chosen: string;
  /** forced | threshold | default | best-available */
  reason: string;
  /** Time spent scoring, µs. */
  micros: number;
  /** The chosen agent's score, 0..1. */
  score?: number;
}

export interface CacheGetOutcome {
  hit: boolean;
  /** The level that answered (memory, redis, disk) on a hit. */
  level?: string;
  /** The lookup itself failed (counted as a miss). */
  failed?: boolean;
}

export interface CacheSetOutcome {
  ok: boolean;
  /** The levels written. */
  levels?: readonly string[];
}

export interface AttemptInfo {
  agent: string;
  /** 0 for the first try of this agent, 1 for its first retry, … */
  attempt: number;
  /** The model requested, when known: a span attribute, never a metric label. */
  model?: string;
  /** The side of the agent's canary split (`stable` | `canary`): a metric label and span attribute. Default stable. */
  variant?: string;
  /** Streamed to the caller as it arrives. */
  stream?: boolean;
}

export interface AttemptOutcome {
  ok: boolean;
  /** On failure: the AgentError kind (or `deadline` / `interrupted` when aborted from above). */
  errorKind?: string;
  error?: unknown;
  inputTokens?: number;
  outputTokens?: number;
  finishReason?: string;
  /** The model the upstream says answered. */
  responseModel?: string;
  /** ms from the attempt's start to its first text delta. */
  ttftMs?: number;
}

export interface FallbackInfo {
  from: string;
  to: string;
  /** The error kind that made the executor move on. */
  reason: string;
}

/** One ask in flight: the root span `payready.ask` and the metrics of everything under it. */
export interface AskTelemetry extends TelemetryScope<AskOutcome> {
  routeDecided(info: RouteInfo): void;
  cacheGet(): TelemetryScope<CacheGetOutcome>;
  cacheSet(info?: { level?: string }): TelemetryScope<CacheSetOutcome>;
  attempt(info: AttemptInfo): TelemetryScope<AttemptOutcome>;
  fallback(info: FallbackInfo): void;
}

/** What core is handed: a factory of per-ask sinks. Implementations never throw. */
export interface Telemetry {
  startAsk(info?: AskStart): AskTelemetry;
  /** `trace_id` / `span_id` of the current span, for log lines; undefined when tracing is off. */
  logFields?(): Record<string, string> | undefined;
}

const noopScope: TelemetryScope<unknown> = {
  run: (fn) => fn(),
  end: () => undefined,
};

const noopAsk: AskTelemetry = {
  ...(noopScope as TelemetryScope<AskOutcome>),
  routeDecided: () => undefined,
  cacheGet: () => noopScope as TelemetryScope<CacheGetOutcome>,
  cacheSet: () => noopScope as TelemetryScope<CacheSetOutcome>,
  attempt: () => noopScope as TelemetryScope<AttemptOutcome>,
  fallback: () => undefined,
};

/** The default: no allocation, no imports, nothing recorded. */
export const noopTelemetry: Telemetry = { startAsk: () => noopAsk };

/** How a tracked operation's value or failure becomes its outcome. */
export interface OutcomeOf<T, Outcome> {
  value(value: T): Outcome;
  error(error: unknown): Outcome;
}

/**
 * The one wrapper (the seed's `track_metrics`): runs `fn` as the scope's current operation and ends the
 * scope with the outcome of its value or its failure, which it rethrows. The executor wraps each attempt
 * in it, the cache each lookup and write.
 */
export function track<T, Outcome>(
  scope: TelemetryScope<Outcome>,
  fn: () => Promise<T>,
  outcome: OutcomeOf<T, Outcome>,
): Promise<T> {
  // Telemetry off: no wrapping async frame at all, so the ask path pays two identity checks.
  if (scope === noopScope || scope === noopAsk) return fn();
  return tracked(scope, fn, outcome);
}

async function tracked<T, Outcome>(
  scope: TelemetryScope<Outcome>,
  fn: () => Promise<T>,
  outcome: OutcomeOf<T, Outcome>,
): Promise<T> {
  let value: T;
  try {
    value = await scope.run(fn);
  } catch (error) {
    scope.end(outcome.error(error));
    throw error;
  }
  scope.end(outcome.value(value));
  return value;
}

/** The usual cache-lookup outcome: a hit names its level; a failed lookup counts as a miss. */
export function cacheGetOutcome<T>(levelOf: (value: T) => string | undefined): OutcomeOf<T, CacheGetOutcome> {
  return {
    value: (value) => {
      const level = levelOf(value);
      return level === undefined ? { hit: false } : { hit: true, level };
    },
    error: () => ({ hit: false, failed: true }),
  };
}
