import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { cjsExports } from '../node/cjs-exports.js';

/** The HTTP service's own metrics, next to the ask metrics of prom-metrics.ts on the same registry. */
export interface ServerMetrics {
  /** `http_requests_total{method,route,status}`: route is the matched pattern, never the raw URL. */
  requests: Counter<'method' | 'route' | 'status'>;
  /** `http_request_duration_seconds{method,route}`: until the last byte (streams included). */
  duration: Histogram<'method' | 'route'>;
  /** `http_requests_in_flight` */
  inFlight: Gauge;
  /** `payready_rate_limited_total{token}`: requests refused with 429; token is the configured token name. */
  rateLimited: Counter<'token'>;
  /** `payready_config_reloads_total{result}`: result applied | rejected. */
  configReloads: Counter<'result'>;
}

/** 1 ms to 2 min: health checks to long streamed answers. */
export const HTTP_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
];

/**
 * Registers the server's metrics and prom-client's default process metrics (`process_cpu_seconds_total`,
 * `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, …) on `registry`. Server mode only.
 */
export async function createServerMetrics(registry: Registry): Promise<ServerMetrics> {
  const prom = cjsExports(await import('prom-client'));
  prom.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    requests: new prom.Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    duration: new prom.Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration, until the last byte',
      labelNames: ['method', 'route'],
      buckets: [...HTTP_DURATION_BUCKETS],
      registers,
    }),
    inFlight: new prom.Gauge({ name: 'http_requests_in_flight', help: 'HTTP requests being served', registers }),
    rateLimited: new prom.Counter({
      name: 'payready_rate_limited_total',
      help: 'Requests refused by the rate limit',
      labelNames: ['token'],
      registers,
    }),
    configReloads: new prom.Counter({
      name: 'payready_config_reloads_total',
      help: 'Config changes seen by the server',
      labelNames: ['result'],
      registers,
    }),
  };
}
