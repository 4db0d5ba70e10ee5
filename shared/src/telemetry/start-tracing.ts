import type { Writable } from 'node:stream';
import type { Tracer } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { cjsExports } from '../node/cjs-exports.js';
import type { TracingSettings } from './telemetry-settings.js';

export interface TracingRuntime {
  tracer: Tracer;
  /** Exports what is buffered and shuts the provider down, waiting at most `timeoutMs`. Never rejects. */
  flush(timeoutMs: number): Promise<void>;
}

export interface StartTracingOptions {
  settings: TracingSettings;
  serviceVersion?: string;
  /** Where the `console` exporter writes (stderr). */
  stream?: Writable;
  /** Replaces the configured exporter (tests: an InMemorySpanExporter). */
  exporter?: SpanExporter;
  /** `simple` exports each span as it ends (tests, the in-memory exporter); default `batch`. */
  processor?: 'batch' | 'simple';
  /** Per-export timeout of the OTLP exporter; the default 10 s would hold a CLI's exit. */
  exportTimeoutMs?: number;
}

async function createExporter(options: StartTracingOptions): Promise<SpanExporter> {
  if (options.exporter) return options.exporter;
  const { settings } = options;
  const timeoutMillis = options.exportTimeoutMs ?? 1500;
  switch (settings.exporter) {
    case 'otlp': {
      const { OTLPTraceExporter } = cjsExports(await import('@opentelemetry/exporter-trace-otlp-http'));
      return new OTLPTraceExporter({ url: settings.otlpUrl, timeoutMillis });
    }
    case 'jaeger': {
      // Deprecated upstream (Jaeger takes OTLP on 4318); kept for existing agent setups.
      const { JaegerExporter } = cjsExports(await import('@opentelemetry/exporter-jaeger'));
      return new JaegerExporter({
        host: settings.jaeger.host,
        port: settings.jaeger.port,
        flushTimeout: timeoutMillis,
      });
    }
    default: {
      const { StderrSpanExporter } = await import('./stderr-span-exporter.js');
      return new StderrSpanExporter(options.stream ?? process.stderr);
    }
  }
}

/**
 * Loads the OpenTelemetry SDK and the chosen exporter (only here: with tracing off none of it is loaded)
 * and returns a tracer plus a bounded flush. Undefined when the exporter is `none`.
 */
export async function startTracing(options: StartTracingOptions): Promise<TracingRuntime | undefined> {
  if (options.settings.exporter === 'none' && !options.exporter) return undefined;
  const [sdk, resources, exporter] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    createExporter(options),
  ]);
  const { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } = cjsExports(sdk);
  const { resourceFromAttributes } = cjsExports(resources);
  const processor =
    options.processor === 'simple'
      ? new SimpleSpanProcessor(exporter)
      : new BatchSpanProcessor(exporter, { exportTimeoutMillis: options.exportTimeoutMs ?? 1500 });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      ...options.settings.resourceAttributes,
      'service.name': options.settings.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    }),
    spanProcessors: [processor],
  });
  return {
    tracer: provider.getTracer('payready', options.serviceVersion),
    async flush(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      const done = provider
        .forceFlush()
        .then(() => provider.shutdown())
        .catch(() => undefined);
      await Promise.race([done, bound]);
      clearTimeout(timer);
    },
  };
}
