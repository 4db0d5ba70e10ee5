// `@payready/shared/telemetry`: the heavy half. Importing this module loads neither prom-client nor the
// OpenTelemetry SDK; each factory below imports what it needs when it is called.
import type { Writable } from 'node:stream';
import type { InMemorySpanExporter, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { cjsExports } from '../node/cjs-exports.js';
import { createTelemetry } from './create-telemetry.js';
import { createMetrics, type PayReadyMetrics } from './prom-metrics.js';
import { pushMetrics } from './push-metrics.js';
import { startTracing, type TracingRuntime } from './start-tracing.js';
import type { Telemetry } from './telemetry.js';
import type { TelemetrySettings } from './telemetry-settings.js';

export { createTelemetry } from './create-telemetry.js';
export type { CreateTelemetryOptions } from './create-telemetry.js';
export { createMetrics, REQUEST_DURATION_BUCKETS, ROUTE_DURATION_BUCKETS } from './prom-metrics.js';
export type { PayReadyMetrics } from './prom-metrics.js';
export { pushMetrics } from './push-metrics.js';
export type { PushMetricsOptions } from './push-metrics.js';
export { startTracing } from './start-tracing.js';
export type { TracingRuntime, StartTracingOptions } from './start-tracing.js';
export { genAiProfile } from './gen-ai-profile.js';
export { createServerMetrics, HTTP_DURATION_BUCKETS } from './server-metrics.js';
export { clusterMetricsInPrimary, shareMetricsWithPrimary } from './cluster-metrics.js';
export type { ServerMetrics } from './server-metrics.js';

export interface TelemetryRuntimeOptions {
  settings: TelemetrySettings;
  serviceVersion?: string;
  /** stderr: where the `console` exporter writes. */
  stream?: Writable;
  /** Record metrics even without a Pushgateway (the server's /metrics, tests). */
  metrics?: boolean;
  /** Replaces the configured span exporter (tests). */
  exporter?: SpanExporter;
  processor?: 'batch' | 'simple';
}

export interface TelemetryRuntime {
  telemetry: Telemetry;
  metrics?: PayReadyMetrics;
  tracing?: TracingRuntime;
  /**
   * Flushes spans and pushes metrics (to `settings.pushgateway`) side by side, waiting at most `timeoutMs`
   * in all. Never rejects: what went wrong comes back as messages for a debug log.
   */
  finish(options: { timeoutMs: number; totalsFile?: string; instance?: string }): Promise<string[]>;
}

/** Metrics and/or tracing as the settings ask, behind one Telemetry sink. */
export async function createTelemetryRuntime(options: TelemetryRuntimeOptions): Promise<TelemetryRuntime> {
  const { settings } = options;
  const wantMetrics = options.metrics === true || settings.pushgateway !== undefined;
  const [metrics, tracing] = await Promise.all([
    wantMetrics ? createMetrics() : undefined,
    startTracing({
      settings: settings.tracing,
      ...(options.serviceVersion ? { serviceVersion: options.serviceVersion } : {}),
      ...(options.stream ? { stream: options.stream } : {}),
      ...(options.exporter ? { exporter: options.exporter } : {}),
      ...(options.processor ? { processor: options.processor } : {}),
    }),
  ]);
  const spans = tracing ? (await import('./span-recorder.js')).createSpanRecorder(tracing.tracer) : undefined;
  const telemetry = createTelemetry({ ...(metrics ? { metrics } : {}), ...(spans ? { spans } : {}) });
  return {
    telemetry,
    ...(metrics ? { metrics } : {}),
    ...(tracing ? { tracing } : {}),
    async finish({ timeoutMs, totalsFile, instance }) {
      const problems: string[] = [];
      const pushing =
        metrics && settings.pushgateway
          ? pushMetrics({
              url: settings.pushgateway,
              registry: metrics.registry,
              timeoutMs,
              ...(totalsFile ? { totalsFile } : {}),
              ...(instance ? { instance } : {}),
            }).catch((error: unknown) => {
              problems.push(
                `metrics not pushed to ${settings.pushgateway}: ${error instanceof Error ? error.message : String(error)}`,
              );
            })
          : undefined;
      await Promise.all([tracing?.flush(timeoutMs), pushing]);
      return problems;
    },
  };
}

/** An in-memory span exporter (tests), loaded with the SDK. */
export async function createMemorySpanExporter(): Promise<InMemorySpanExporter> {
  const { InMemorySpanExporter } = cjsExports(await import('@opentelemetry/sdk-trace-base'));
  return new InMemorySpanExporter();
}
