import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHome, freePort, type TempHome, runCli } from '../../test-utils/src/index.js';
import { attributes, startCollector, telemetryEnv, type OtlpSpan } from './telemetry-helpers.js';

let home: TempHome;
beforeAll(() => {
  home = createTempHome();
});
afterAll(() => home.cleanup());

function tracingEnv(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return telemetryEnv(home, {
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_SERVICE_NAME: 'payready-it',
    ...extra,
  });
}

const named = (spans: OtlpSpan[], name: string) => spans.find((span) => span.name === name)!;

describe('tracing through the built CLI', () => {
  it('exports payready.ask → route, cache.get, a GenAI attempt span, cache.set over OTLP/HTTP JSON; logs carry the ids', async () => {
    const collector = await startCollector();
    try {
      const run = await runCli(
        ['ask', '--agent', 'metered', '--model', 'metered-large', '@metered log: first question'],
        { env: tracingEnv(collector.url) },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('metered: @metered log: first question');
      expect(collector.requests[0]!.headers['content-type']).toBe('application/json');
      expect(collector.resources()[0]).toMatchObject({ 'service.name': 'payready-it' });

      const spans = collector.spans();
      expect(spans.map((span) => span.name).sort()).toEqual([
        'chat metered-large',
        'payready.ask',
        'payready.cache.get',
        'payready.cache.set',
        'payready.route',
      ]);
      const root = named(spans, 'payready.ask');
      expect(root.parentSpanId ?? '').toBe('');
      for (const span of spans.filter((candidate) => candidate !== root)) {
        expect(span.traceId).toBe(root.traceId);
        expect(span.parentSpanId).toBe(root.spanId);
      }
      const attempt = named(spans, 'chat metered-large');
      expect(attempt.kind).toBe(3); // OTLP SPAN_KIND_CLIENT
      expect(attributes(attempt.attributes)).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'metered',
        'gen_ai.request.model': 'metered-large',
        'gen_ai.response.model': 'metered-1',
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 7,
        'gen_ai.response.finish_reasons': ['stop'],
      });
      expect(attributes(named(spans, 'payready.route').attributes)).toMatchObject({
        'payready.route.chosen': 'metered',
        'payready.route.reason': 'forced',
      });
      expect(attributes(named(spans, 'payready.cache.get').attributes)).toMatchObject({ 'payready.cache.hit': false });
      // The plugin's warning was written inside the attempt span.
      expect(run.stderr).toContain(
        `payready: warn: metered is answering {"trace_id":"${root.traceId}","span_id":"${attempt.spanId}"}`,
      );
    } finally {
      await collector.close();
    }
  });

  it('a failed attempt has error status, error.type and an exception event; a fallback is an event on the root', async () => {
    const collector = await startCollector();
    try {
      const env = tracingEnv(collector.url, { PAYREADY_ROUTING__MAX_RETRIES: '0' });
      const run = await runCli(['ask', '--no-cache', '--agent', 'metered', '@metered fail:overloaded'], { env });
      expect(run.code, run.stderr).toBe(0); // local answered after the fallback
      const spans = collector.spans();
      const failed = spans.find(
        (span) => span.name === 'chat' && attributes(span.attributes)['payready.agent'] === 'metered',
      )!;
      expect(failed.status).toMatchObject({ code: 2, message: 'overloaded' });
      expect(attributes(failed.attributes)).toMatchObject({ 'error.type': 'overloaded' });
      expect(failed.events?.map((event) => event.name)).toEqual(['exception']);
      expect(attributes(failed.events![0]!.attributes)).toMatchObject({ 'exception.message': 'metered overloaded' });
      const local = spans.find(
        (span) => attributes(span.attributes)['payready.agent'] === 'local' && span.name !== 'payready.ask',
      )!;
      expect(attributes(local.attributes)).toMatchObject({
        'gen_ai.operation.name': 'retrieval',
        'gen_ai.provider.name': 'payready.local',
      });
      const fallback = named(spans, 'payready.ask').events!.find((event) => event.name === 'payready.fallback')!;
      expect(attributes(fallback.attributes)).toMatchObject({
        'payready.fallback.from': 'metered',
        'payready.fallback.to': 'local',
        'payready.fallback.reason': 'overloaded',
      });

      const stopped = await runCli(['ask', '--no-cache', '--agent', 'metered', '@metered fail:bad_request'], {
        env,
      });
      expect(stopped.code).toBe(1);
      const root = collector
        .spans()
        .filter((span) => span.name === 'payready.ask')
        .at(-1)!;
      expect(root.status).toMatchObject({ code: 2, message: 'bad_request' });
    } finally {
      await collector.close();
    }
  });

  it('the collector down: the ask still answers and exits 0 within its flush budget', async () => {
    const port = await freePort();
    const run = await runCli(['ask', '--agent', 'metered', '@metered nobody listens'], {
      env: tracingEnv(`http://127.0.0.1:${port}`),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('metered: @metered nobody listens');
    // Generous hang guard: the flush waits at most 2 s; the exporter's default settings would hold the exit ~9 s.
    expect(run.ms).toBeLessThan(7000);
  });

  it('a collector that accepts and never answers does not hold the exit either', async () => {
    const collector = await startCollector({ hang: true });
    try {
      const run = await runCli(['ask', '--agent', 'metered', '@metered black hole'], {
        env: tracingEnv(collector.url),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(collector.requestCount).toBeGreaterThan(0);
      expect(run.ms).toBeLessThan(7000); // hang guard, as above
    } finally {
      await collector.close();
    }
  });

  it('OTEL_SDK_DISABLED=true turns tracing off whatever else is set', async () => {
    const collector = await startCollector();
    try {
      const run = await runCli(['ask', '--agent', 'metered', '@metered disabled'], {
        env: tracingEnv(collector.url, { OTEL_SDK_DISABLED: 'true' }),
      });
      expect(run.code).toBe(0);
      expect(collector.requestCount).toBe(0);
      expect(run.stderr).not.toContain('trace_id');
    } finally {
      await collector.close();
    }
  });

  it('jaeger (legacy agent, UDP Thrift): the batch reaches the configured host and port', async () => {
    const socket = createSocket('udp4');
    const datagrams: Buffer[] = [];
    socket.on('message', (message) => datagrams.push(message));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      const { port } = socket.address() as AddressInfo;
      const env = telemetryEnv(home, {
        PAYREADY_MONITORING__TRACING__EXPORTER: 'jaeger',
        PAYREADY_MONITORING__TRACING__JAEGER_HOST: '127.0.0.1',
        PAYREADY_MONITORING__TRACING__JAEGER_PORT: String(port),
        OTEL_SERVICE_NAME: 'payready-jaeger-it',
      });
      const run = await runCli(['ask', '--agent', 'metered', '@metered to jaeger'], { env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toContain('telemetry is off');
      // Sent before the CLI exited; give this process's event loop a moment to deliver the datagrams.
      for (let wait = 0; wait < 40 && datagrams.length === 0; wait++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const batch = Buffer.concat(datagrams);
      for (const text of ['payready-jaeger-it', 'payready.ask', 'payready.route', 'gen_ai.provider.name', 'metered']) {
        expect(batch.includes(Buffer.from(text)), text).toBe(true);
      }
    } finally {
      socket.close();
    }
  });

  it('console writes spans to stderr, never stdout; an unsupported exporter warns and stays off', async () => {
    const consoleRun = await runCli(['ask', '--agent', 'metered', '@metered to the console'], {
      env: telemetryEnv(home, { OTEL_TRACES_EXPORTER: 'console' }),
    });
    expect(consoleRun.stdout.trim()).toBe('metered: @metered to the console');
    expect(consoleRun.stderr).toMatch(/^payready: span: \{"name":"payready\.ask"/m);
    const zipkin = await runCli(['ask', '--agent', 'metered', '@metered zipkin'], {
      env: telemetryEnv(home, { OTEL_TRACES_EXPORTER: 'zipkin' }),
    });
    expect(zipkin.code).toBe(0);
    expect(zipkin.stderr).toContain('OTEL_TRACES_EXPORTER=zipkin is not supported');
  });
});
