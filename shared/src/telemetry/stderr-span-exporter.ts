import type { Writable } from 'node:stream';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

const SUCCESS = 0; // ExportResultCode.SUCCESS (@opentelemetry/core is not a direct dependency)

const hex = (value: { traceId: string; spanId: string }) => ({ trace_id: value.traceId, span_id: value.spanId });
const millis = ([seconds, nanos]: [number, number]) => seconds * 1000 + nanos / 1e6;

/**
 * The `console` exporter, on stderr: the SDK's ConsoleSpanExporter writes to stdout, which carries answers
 * only. One JSON line per span.
 */
export class StderrSpanExporter implements SpanExporter {
  constructor(private readonly stream: Writable) {}

  export(spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    for (const span of spans) {
      const line = {
        name: span.name,
        ...hex(span.spanContext()),
        ...(span.parentSpanContext ? { parent_span_id: span.parentSpanContext.spanId } : {}),
        kind: span.kind,
        start_ms: millis(span.startTime),
        duration_ms: millis(span.duration),
        status: span.status,
        attributes: span.attributes,
        ...(span.events.length > 0
          ? { events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })) }
          : {}),
      };
      this.stream.write(`payready: span: ${JSON.stringify(line)}\n`);
    }
    done({ code: SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
