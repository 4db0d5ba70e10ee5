import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, repoRoot, requireBinary, type TempHome } from '../../test-utils/src/index.js';
import { startHttpFixture, type HttpFixture } from '../../test-utils/src/http-fixture.js';

export const fixtures = join(repoRoot, 'tests/integration/telemetry/fixtures');
const plugins = [join(fixtures, 'metered.mjs'), join(repoRoot, 'tests/fixtures/plugins/scripted.mjs')];

/** A user with nothing configured plus the test agents (`metered`, `alpha`, `beta`) and fast retries. */
export function telemetryEnv(home: TempHome, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...home.env,
    PAYREADY_PLUGINS__PATHS: `[${plugins.join(',')}]`,
    PAYREADY_ROUTING__BACKOFF_MS: '5',
    ...extra,
  };
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  status?: { code?: number; message?: string };
  events?: Array<{ name: string; attributes?: OtlpSpan['attributes'] }>;
}

interface OtlpRequest {
  resourceSpans: Array<{ resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
}

/** A fake OTLP/HTTP collector: `POST /v1/traces` with JSON, answered `200 {}` (or never, with `hang`). */
export async function startCollector(
  options: { hang?: boolean } = {},
): Promise<HttpFixture & { spans(): OtlpSpan[]; resources(): Array<Record<string, unknown>> }> {
  const fixture = await startHttpFixture((request, res) => {
    if (options.hang) return;
    if (request.method !== 'POST' || request.path !== '/v1/traces') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  const bodies = () =>
    fixture.requests.filter((request) => request.path === '/v1/traces').map((request) => request.body as OtlpRequest);
  return Object.assign(fixture, {
    spans: () =>
      bodies().flatMap((body) =>
        body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
      ),
    resources: () =>
      bodies().flatMap((body) => body.resourceSpans.map((resource) => attributes(resource.resource.attributes))),
  });
}

/** OTLP JSON attributes (`[{key, value: {stringValue}}]`) as a plain object. */
export function attributes(list: OtlpSpan['attributes'] | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (list ?? []).map(({ key, value }) => {
      const [kind, raw] = Object.entries(value)[0] ?? [];
      if (kind === 'arrayValue')
        return [
          key,
          ((raw as { values?: Array<Record<string, unknown>> }).values ?? []).map((item) => Object.values(item)[0]),
        ];
      return [key, kind === 'intValue' ? Number(raw) : raw];
    }),
  );
}

export interface Pushgateway {
  url: string;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(Boolean(socket.end())));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`prometheus-pushgateway did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A private Prometheus Pushgateway (Debian package prometheus-pushgateway) on a free loopback port. */
export async function startPushgateway(): Promise<Pushgateway> {
  const binary = requireBinary('prometheus-pushgateway');
  const port = await freePort();
  const child: ChildProcess = spawn(binary, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='], {
    stdio: 'ignore',
  });
  await waitForPort(port, 10_000);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    metrics: async () => (await fetch(`${url}/metrics`)).text(),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
