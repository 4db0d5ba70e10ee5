import {
  CircuitBreaker,
  MemoryTokenBucket,
  RedisTokenBucket,
  createAnswerCache,
  memoryBreakerStore,
  redisTarget,
  type AnswerCache,
  type RateLimiter,
} from '@payready/core';
import {
  durationToMs,
  noopTelemetry,
  resolveTelemetrySettings,
  type Logger,
  type PayReadyConfig,
  type Telemetry,
} from '@payready/shared';
import type { ServerMetrics, TelemetryRuntime } from '@payready/shared/telemetry';
import type { ApiContext } from './api-context.js';
import type { PrimaryChannel } from './cluster/primary-channel.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Telemetry with metrics always on (the server has /metrics); tracing as configured. */
export async function serverTelemetry(input: {
  config: PayReadyConfig;
  env: Env;
  version: string;
  logger: Logger;
  /** A worker of `serve --workers N`: /metrics answers for every worker, through the primary. */
  primary?: PrimaryChannel;
}): Promise<{
  telemetry: Telemetry;
  runtime?: TelemetryRuntime;
  metrics?: ApiContext['metrics'];
}> {
  try {
    const { createTelemetryRuntime, createServerMetrics } = await import('@payready/shared/telemetry');
    const settings = resolveTelemetrySettings(input.config.monitoring, input.env);
    const runtime = await createTelemetryRuntime({ settings, metrics: true, serviceVersion: input.version });
    const registry = runtime.metrics!.registry;
    const server: ServerMetrics = await createServerMetrics(registry);
    const { primary } = input;
    if (!primary) return { telemetry: runtime.telemetry, runtime, metrics: { registry, server } };
    const { shareMetricsWithPrimary } = await import('@payready/shared/telemetry');
    await shareMetricsWithPrimary(registry);
    const clusterView = {
      metrics: () => primary.request({ type: 'payready:metrics' }),
      contentType: registry.contentType,
    };
    return { telemetry: runtime.telemetry, runtime, metrics: { registry: clusterView, server } };
  } catch (error) {
    input.logger.warn('telemetry is off', { error: error instanceof Error ? error.message : String(error) });
    return { telemetry: noopTelemetry };
  }
}

export function serverBreaker(config: PayReadyConfig): CircuitBreaker | undefined {
  const settings = config.routing.circuit_breaker;
  if (!settings.enabled) return undefined;
  // Memory: a server is one long process; each replica learns from its own calls.
  return new CircuitBreaker(
    {
      failures: settings.failures,
      windowMs: durationToMs(settings.window),
      cooldownMs: durationToMs(settings.cooldown),
    },
    memoryBreakerStore(),
  );
}

export function serverCache(input: {
  config: PayReadyConfig;
  env: Env;
  cacheDir: string;
  stateDir: string;
  logger: Logger;
}): AnswerCache | undefined {
  return createAnswerCache({
    config: input.config,
    cacheDir: input.cacheDir,
    stateDir: input.stateDir,
    env: input.env,
    warn: (message) => input.logger.warn(message),
  });
}

/**
 * The rate limiter for a config: Redis-backed when Redis is configured (replicas share budgets), else
 * `local`: this process's buckets, or the cluster primary's for a worker.
 */
export class LimiterHolder {
  private limiter: RateLimiter;
  private target: string | undefined;
  private redis: RedisTokenBucket | undefined;

  constructor(
    config: PayReadyConfig,
    private readonly env: Env,
    private readonly logger: Logger,
    private readonly local: () => RateLimiter = () => new MemoryTokenBucket(),
  ) {
    this.limiter = this.create(config);
  }

  private create(config: PayReadyConfig): RateLimiter {
    const target = redisTarget(config, this.env);
    this.target = target ? JSON.stringify(target) : undefined;
    if (!target) {
      this.redis = undefined;
      return this.local();
    }
    this.redis = new RedisTokenBucket({
      ...target,
      connectTimeoutMs: config.cache.redis.connect_timeout_ms,
      cooldownMs: config.cache.redis.cooldown_ms,
      warn: (message) => this.logger.warn(message),
      fallback: this.local(),
    });
    return this.redis;
  }

  current(): RateLimiter {
    return this.limiter;
  }

  /** Whether Redis answers, or undefined without Redis. */
  redisReachable(): Promise<boolean> | undefined {
    return this.redis?.reachable();
  }

  /** A changed Redis target gets a new limiter; budgets in flight on the old one are let go. */
  update(config: PayReadyConfig): void {
    const target = redisTarget(config, this.env);
    if ((target ? JSON.stringify(target) : undefined) === this.target) return;
    const old = this.limiter;
    this.limiter = this.create(config);
    void old.close();
  }

  close(): Promise<void> {
    return this.limiter.close();
  }
}
