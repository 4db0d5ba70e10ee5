import type { Variant } from '../canary/canary-split.js';

export interface RankedAgent {
  name: string;
  /** 0..1, as returned by canHandle (clamped). */
  score: number;
  reasons: string[];
  available: boolean;
  /** Why the agent cannot run now (no key, disabled), when it cannot. */
  unavailableReason?: string;
  fix?: string;
}

export interface RouteDecision {
  /** The agent that answers first. */
  chosen: string;
  /**
   * forced: `--agent`; threshold: best available score ≥ routing.confidence_threshold; default: nothing
   * reached the threshold, so routing.default_agent; best-available: the default agent is unusable, so the
   * best-scoring usable one.
   */
  reason: 'forced' | 'threshold' | 'default' | 'best-available';
  /** Every enabled agent, best first. */
  ranked: RankedAgent[];
  /** The top-scoring agent when it is unusable (e.g. no key): worth telling the user how to enable it. */
  preferredButUnavailable?: RankedAgent;
  /** The side of the chosen agent's canary split this query takes (`stable` when it has no canary). */
  variant: Variant;
  /** Microseconds spent scoring. */
  micros: number;
}
