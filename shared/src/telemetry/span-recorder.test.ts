import { describe, expect, it } from 'vitest';
import { rememberSecret } from '../redact/index.js';
import { createMemorySpanExporter } from './runtime.js';
import { createSpanRecorder } from './span-recorder.js';
import { startTracing } from './start-tracing.js';

describe('createSpanRecorder', () => {
  it('scrubs known keys from exception events and string attributes before they are exported', async () => {
    const key = `sk-store-${Math.random().toString(36).slice(2)}-abcdefghij`;
    rememberSecret(key);
    const exporter = await createMemorySpanExporter();
    const tracing = (await startTracing({
      settings: {
        exporter: 'none',
        otlpUrl: 'http://127.0.0.1:1/v1/traces',
        jaeger: { host: '127.0.0.1', port: 6832 },
        serviceName: 'test',
        resourceAttributes: {},
        source: 'test',
      },
      exporter,
      processor: 'simple',
    }))!;
    const root = createSpanRecorder(tracing.tracer).root('payready.ask', { 'url.full': `https://x/?api_key=${key}` });
    root.fail(new Error(`401: echoed ${Buffer.from(key).toString('base64')}`), 'auth');
    root.end({ note: [`key ${key}`] });
    // The simple processor exports on end; flushing would shut the in-memory exporter down and empty it.
    const exported = JSON.stringify(
      exporter.getFinishedSpans().map((span) => ({ attributes: span.attributes, events: span.events })),
    );
    await tracing.flush(1000);
    expect(exported).toContain('[REDACTED]');
    expect(exported).not.toContain(key);
    expect(exported).not.toContain(Buffer.from(key).toString('base64'));
  });
});
