import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { cjsExports } from '../node/cjs-exports.js';

/**
 * The seed's metrics (names and labels kept) plus misses, fallbacks, tokens and route time. Every per-attempt
 * metric also carries `variant` (stable | canary: the side of the agent's canary split), so
 * `sum by (tool, variant)` compares a canary with its stable side and `sum by (tool)` reads as before.
 */
export interface PayReadyMetrics {
  registry: Registry;
  /** `ai_requests_total{tool,status,variant}`: one per agent attempt, status success | error. */
  requests: Counter<'tool' | 'status' | 'variant'>;
  /** `ai_request_duration_seconds{tool,variant}` */
  duration: Histogram<'tool' | 'variant'>;
  /** `ai_active_requests{tool,variant}` */
  active: Gauge<'tool' | 'variant'>;
  /** `ai_cache_hits_total{cache_type}`: cache_type is the level that answered. */
  cacheHits: Counter<'cache_type'>;
  /** `ai_cache_misses_total`: asks no level could answer. */
  cacheMisses: Counter;
  /** `ai_errors_total{tool,error_type,variant}`: error_type is the AgentError kind. */
  errors: Counter<'tool' | 'error_type' | 'variant'>;
  /** `ai_fallbacks_total{from,to,reason}` */
  fallbacks: Counter<'from' | 'to' | 'reason'>;
  /** `ai_tokens_total{tool,direction,variant}`: direction input | output. */
  tokens: Counter<'tool' | 'direction' | 'variant'>;
  /** `ai_route_duration_seconds`: the routing decision alone. */
  routeDuration: Histogram;
}

/** 50 ms to 120 s: an answer from a local model to a long generation. */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];
/** Routing is pure CPU: 5 µs to 50 ms. */
export const ROUTE_DURATION_BUCKETS: readonly number[] = [
  0.000005, 0.00001, 0.00002, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.05,
];

/** Loads prom-client (only here, only when metrics are wanted) and registers every metric on one registry. */
export async function createMetrics(options: { registry?: Registry } = {}): Promise<PayReadyMetrics> {
  const prom = cjsExports(await import('prom-client'));
  const registry = options.registry ?? new prom.Registry();
  const registers = [registry];
  return {
    registry,
    requests: new prom.Counter({
      name: 'ai_requests_total',
      help: 'Total AI requests (agent attempts)',
      labelNames: ['tool', 'status', 'variant'],
      registers,
    }),
    duration: new prom.Histogram({
      name: 'ai_request_duration_seconds',
      help: 'Request duration',
      labelNames: ['tool', 'variant'],
      buckets: [...REQUEST_DURATION_BUCKETS],
      registers,
    }),
    active: new prom.Gauge({
      name: 'ai_active_requests',
      help: 'Active requests',
      labelNames: ['tool', 'variant'],
      registers,
    }),
    cacheHits: new prom.Counter({
      name: 'ai_cache_hits_total',
      help: 'Cache hits',
      labelNames: ['cache_type'],
      registers,
    }),
    cacheMisses: new prom.Counter({
      name: 'ai_cache_misses_total',
      help: 'Asks no cache level could answer',
      registers,
    }),
    errors: new prom.Counter({
      name: 'ai_errors_total',
      help: 'Total errors',
      labelNames: ['tool', 'error_type', 'variant'],
      registers,
    }),
    fallbacks: new prom.Counter({
      name: 'ai_fallbacks_total',
      help: 'Moves from a failed agent to the next one',
      labelNames: ['from', 'to', 'reason'],
      registers,
    }),
    tokens: new prom.Counter({
      name: 'ai_tokens_total',
      help: 'Tokens reported by agents',
      labelNames: ['tool', 'direction', 'variant'],
      registers,
    }),
    routeDuration: new prom.Histogram({
      name: 'ai_route_duration_seconds',
      help: 'Routing decision duration',
      buckets: [...ROUTE_DURATION_BUCKETS],
      registers,
    }),
  };
}
