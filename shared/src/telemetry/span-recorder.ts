import { AsyncLocalStorage } from 'node:async_hooks';
import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { processRedactor } from '../redact/index.js';

/** One span in flight, parented explicitly (no global context manager needed, safe with concurrent asks). */
export interface SpanHandle {
  readonly span: Span;
  run<T>(fn: () => T): T;
  child(name: string, options?: { kind?: SpanKind; attributes?: Attributes; startTime?: number }): SpanHandle;
  /** Error status, `error.type` and an exception event. */
  fail(error: unknown, kind: string): void;
  end(attributes?: Attributes): void;
}

export interface SpanRecorder {
  root(name: string, attributes?: Attributes): SpanHandle;
  /** `trace_id` / `span_id` of the span whose `run` we are inside, for log lines. */
  logFields(): Record<string, string> | undefined;
}

/**
 * The exception event carries the error's name and message, scrubbed of keys (a plugin's raw error may quote
 * an upstream body that echoed the auth header); its stack stays out (paths, noise).
 */
function exceptionOf(error: unknown, kind: string): { name: string; message: string } {
  const redact = processRedactor();
  if (error instanceof Error) return { name: error.name, message: redact(error.message) };
  return { name: kind, message: redact(typeof error === 'string' ? error : kind) };
}

/** String attributes scrubbed like every other output: a URL or a model name set by a plugin is not trusted. */
function cleanAttributes(attributes: Attributes | undefined): Attributes | undefined {
  if (!attributes) return attributes;
  const redact = processRedactor();
  const clean: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    clean[key] =
      typeof value === 'string'
        ? redact(value)
        : Array.isArray(value)
          ? ((value as unknown[]).map((item) => (typeof item === 'string' ? redact(item) : item)) as typeof value)
          : value;
  }
  return clean;
}

export function createSpanRecorder(tracer: Tracer): SpanRecorder {
  const current = new AsyncLocalStorage<Span>();
  const handle = (span: Span): SpanHandle => {
    const spanContext = trace.setSpan(ROOT_CONTEXT, span);
    return {
      span,
      // Also the OTel context, so instrumentation under a registered context manager nests here.
      run: (fn) => current.run(span, () => context.with(spanContext, fn)),
      child: (name, options = {}) =>
        handle(
          tracer.startSpan(
            name,
            {
              kind: options.kind ?? SpanKind.INTERNAL,
              ...(options.attributes ? { attributes: cleanAttributes(options.attributes) } : {}),
              ...(options.startTime === undefined ? {} : { startTime: options.startTime }),
            },
            spanContext,
          ),
        ),
      fail(error, kind) {
        const { name, message } = exceptionOf(error, kind);
        span.setAttribute('error.type', kind);
        span.recordException({ name, message });
        span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
      },
      end(attributes) {
        if (attributes) span.setAttributes(cleanAttributes(attributes)!);
        span.end();
      },
    };
  };
  return {
    root: (name, attributes) =>
      handle(
        tracer.startSpan(
          name,
          { kind: SpanKind.INTERNAL, ...(attributes ? { attributes: cleanAttributes(attributes) } : {}) },
          ROOT_CONTEXT,
        ),
      ),
    logFields() {
      const span = current.getStore();
      if (!span) return undefined;
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
  };
}
