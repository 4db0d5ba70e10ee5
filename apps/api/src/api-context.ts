import type { AgentPaths } from '@payready/agent-contract';
import type { AgentRegistry, AnswerCache, CircuitBreaker, RateLimiter } from '@payready/core';
import type { Logger, PayReadyConfig, Telemetry } from '@payready/shared';
import type { ServerMetrics } from '@payready/shared/telemetry';
import type { TokenTable } from './token-table.js';

/** What one generation of the config produced. Replaced whole on a valid config change; requests keep theirs. */
export interface ServingState {
  config: PayReadyConfig;
  registry: AgentRegistry;
  tokens: TokenTable;
  /** Set once per state: counts the config changes applied so far. */
  generation: number;
}

/** Everything the routes use: the current state plus the long-lived parts of the process. */
export interface ApiContext {
  state(): ServingState;
  limiter(): RateLimiter;
  cache?: AnswerCache;
  breaker?: CircuitBreaker;
  telemetry: Telemetry;
  metrics?: { registry: { metrics(): Promise<string>; contentType: string }; server: ServerMetrics };
  logger: Logger;
  paths: AgentPaths;
  personaDirs: { builtin: string; user: string };
  /** Aborted when the shutdown grace runs out: every ask still running stops with 503. */
  shutdownSignal: AbortSignal;
  /** True from SIGTERM on: /ready says 503. */
  draining(): boolean;
  /** Redis, when configured: reachable or not (for /ready). */
  redisReachable?: () => Promise<boolean>;
}
