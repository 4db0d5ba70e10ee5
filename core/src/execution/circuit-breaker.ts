import type { AgentErrorKind } from '@payready/agent-contract';

export interface BreakerSettings {
  /** Failures within `windowMs` that open the circuit. */
  failures: number;
  windowMs: number;
  /** How long an open circuit skips the agent before one trial call is let through. */
  cooldownMs: number;
}

export interface BreakerState {
  /** Times (ms since epoch) of recent counted failures. */
  failures: number[];
  /** While now < openUntil the agent is skipped. */
  openUntil?: number;
}

/** Where breaker states live: a file in the state dir for the CLI (each ask is a new process), or Redis. */
export interface BreakerStore {
  read(): Record<string, BreakerState>;
  write(states: Record<string, BreakerState>): void;
}

// Only failures that say "the service is down" count; a 429 has its own retry-after, and auth or bad
// requests are the caller's problem, not the agent's health.
const COUNTED: ReadonlySet<AgentErrorKind> = new Set(['overloaded', 'network', 'timeout', 'internal', 'unavailable']);

/**
 * Per-agent circuit breaker. A timeout opens the circuit at once: it already cost a full timeout, and
 * paying it again on every ask is what the breaker exists to prevent. Other counted failures open it when
 * `failures` of them fall within the window. After the cool-down one trial call is allowed (half-open):
 * success closes the circuit, failure re-opens it.
 */
export class CircuitBreaker {
  private states: Record<string, BreakerState> | undefined;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly store: BreakerStore,
    private readonly now: () => number = Date.now,
  ) {}

  private all(): Record<string, BreakerState> {
    this.states ??= this.store.read();
    return this.states;
  }

  /** The time the circuit stays open until, or undefined when calls may go through. */
  openUntil(agent: string): number | undefined {
    const until = this.all()[agent]?.openUntil;
    return until !== undefined && until > this.now() ? until : undefined;
  }

  recordSuccess(agent: string): void {
    const states = this.all();
    if (!states[agent]) return;
    delete states[agent];
    this.store.write(states);
  }

  /** Returns true when this failure opened the circuit. */
  recordFailure(agent: string, kind: AgentErrorKind): boolean {
    if (!COUNTED.has(kind)) return false;
    const now = this.now();
    const states = this.all();
    const state = states[agent] ?? { failures: [] };
    state.failures = [...state.failures.filter((at) => now - at < this.settings.windowMs), now];
    const opens =
      kind === 'timeout' || state.failures.length >= this.settings.failures || state.openUntil !== undefined;
    if (opens) state.openUntil = now + this.settings.cooldownMs;
    states[agent] = state;
    this.store.write(states);
    return opens;
  }
}
