import type { PayReadyConfig } from '@payready/shared';
import { resolveTelemetrySettings } from '@payready/shared';
import { describeCause } from '@payready/shared/upstream';
import { redisTarget } from '../caching/create-answer-cache.js';
import { pingRedis } from '../caching/ping-redis.js';

export interface ServiceCheck {
  name: 'redis' | 'tracing';
  /** What was checked, safe to print (no password, no query string). */
  target: string;
  ok: boolean;
  reason?: string;
  ms: number;
}

export interface CheckServicesOptions {
  config: PayReadyConfig;
  env: Readonly<Record<string, string | undefined>>;
  /** Bound on each check. */
  timeoutMs: number;
}

/** URL without credentials or query, for output. */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return 'an unparsable URL';
  }
}

/** Any HTTP response within `timeoutMs` counts as reachable: an OTLP collector answers GET with 405. */
export async function probeHttp(url: string, options: { timeoutMs: number }): Promise<Omit<ServiceCheck, 'name'>> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const target = printableUrl(url);
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
    await response.body?.cancel();
    return { target, ok: true, ms: ms() };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const reason = timedOut ? `no answer within ${options.timeoutMs} ms` : describeCause(error);
    return { target, ok: false, reason, ms: ms() };
  }
}

/**
 * The services payready uses besides agents, each checked only when configured: Redis (connect + PING) and
 * the OTLP tracing endpoint. Run in parallel.
 */
export async function checkServices(options: CheckServicesOptions): Promise<ServiceCheck[]> {
  const checks: Promise<ServiceCheck>[] = [];
  const redis = redisTarget(options.config, options.env);
  if (redis) {
    checks.push(pingRedis(redis, { timeoutMs: options.timeoutMs }).then((ping) => ({ name: 'redis', ...ping })));
  }
  const tracing = resolveTelemetrySettings(options.config.monitoring, options.env).tracing;
  if (tracing.exporter === 'otlp') {
    checks.push(probeHttp(tracing.otlpUrl, options).then((probe) => ({ name: 'tracing', ...probe })));
  }
  return Promise.all(checks);
}
