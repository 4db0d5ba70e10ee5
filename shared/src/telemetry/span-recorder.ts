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

/** The exception event carries the error's name and message; its stack stays out (paths, noise). */
function exceptionOf(error: unknown, kind: string): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: kind, message: typeof error === 'string' ? error : kind };
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
              ...(options.attributes ? { attributes: options.attributes } : {}),
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
        if (attributes) span.setAttributes(attributes);
        span.end();
      },
    };
  };
  return {
    root: (name, attributes) =>
      handle(tracer.startSpan(name, { kind: SpanKind.INTERNAL, ...(attributes ? { attributes } : {}) }, ROOT_CONTEXT)),
    logFields() {
      const span = current.getStore();
      if (!span) return undefined;
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
  };
}
