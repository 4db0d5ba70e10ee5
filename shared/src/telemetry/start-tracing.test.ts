import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startTracing } from './start-tracing.js';
import type { TracingSettings } from './telemetry-settings.js';

const base: TracingSettings = {
  exporter: 'none',
  otlpUrl: 'http://127.0.0.1:1/v1/traces',
  jaeger: { host: '127.0.0.1', port: 6832 },
  serviceName: 'payready-test',
  resourceAttributes: { 'deployment.environment': 'test' },
  source: 'test',
};

const open: Array<{ server: Server; sockets: Set<Socket> }> = [];
afterEach(async () => {
  for (const { server, sockets } of open.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A collector on loopback: records `POST /v1/traces` bodies and answers 200 {}, or never answers. */
async function collector(
  answer: boolean,
): Promise<{ url: string; bodies: Array<{ contentType?: string; json: unknown }> }> {
  const bodies: Array<{ contentType?: string; json: unknown }> = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push({
        ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
        json: JSON.parse(Buffer.concat(chunks).toString()),
      });
      if (answer) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ server, sockets });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, bodies };
}

describe('startTracing', () => {
  it('loads nothing for `none`', async () => {
    expect(await startTracing({ settings: base })).toBeUndefined();
  });

  it('otlp: exports OTLP/HTTP JSON with the service name and resource attributes on flush', async () => {
    const { url, bodies } = await collector(true);
    const tracing = (await startTracing({
      settings: { ...base, exporter: 'otlp', otlpUrl: url },
      serviceVersion: '9.9.9',
    }))!;
    tracing.tracer.startSpan('payready.ask').end();
    await tracing.flush(2000);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.contentType).toBe('application/json');
    const payload = bodies[0]!.json as {
      resourceSpans: Array<{
        resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
        scopeSpans: Array<{ spans: Array<{ name: string }> }>;
      }>;
    };
    const resource = Object.fromEntries(
      payload.resourceSpans[0]!.resource.attributes.map((attribute) => [attribute.key, attribute.value.stringValue]),
    );
    expect(resource).toMatchObject({
      'service.name': 'payready-test',
      'service.version': '9.9.9',
      'deployment.environment': 'test',
    });
    expect(payload.resourceSpans[0]!.scopeSpans[0]!.spans.map((span) => span.name)).toEqual(['payready.ask']);
  });

  it('flush returns within its bound when the collector accepts and never answers', async () => {
    const { url } = await collector(false);
    // An exporter that would wait 20 s: only flush's own bound can end this early.
    const tracing = (await startTracing({
      settings: { ...base, exporter: 'otlp', otlpUrl: url },
      exportTimeoutMs: 20_000,
    }))!;
    tracing.tracer.startSpan('payready.ask').end();
    const started = performance.now();
    await tracing.flush(300);
    expect(performance.now() - started).toBeLessThan(10_000); // a hang guard, not a timing assertion
  });

  it('flush resolves when nothing listens (connection refused)', async () => {
    const tracing = (await startTracing({ settings: { ...base, exporter: 'otlp' } }))!;
    tracing.tracer.startSpan('payready.ask').end();
    await expect(tracing.flush(2000)).resolves.toBeUndefined();
  });

  it('console: one JSON line per span on the given stream (stderr), never stdout', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')));
    const tracing = (await startTracing({ settings: { ...base, exporter: 'console' }, stream }))!;
    const span = tracing.tracer.startSpan('payready.route', { attributes: { 'payready.route.chosen': 'local' } });
    span.end();
    await tracing.flush(1000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^payready: span: /);
    expect(JSON.parse(lines[0]!.replace('payready: span: ', ''))).toMatchObject({
      name: 'payready.route',
      attributes: { 'payready.route.chosen': 'local' },
    });
  });
});
