import type { ServerResponse } from 'node:http';
import { extendFixture, startHttpFixture, type HttpFixture, type RecordedRequest } from './http-fixture.js';

/**
 * A test double of a Consul agent's HTTP API (protocols §5; HashiCorp's own consul-api-double plays the same
 * role for the Consul UI). Consul itself is not installable here. Implemented: service register (body keys
 * in PascalCase or snake_case, 200 with an empty body), deregister (a no-op for unknown ids), and
 * `GET /v1/health/service/:name[?passing]` with the Node/Service/Checks shape, the synthetic `serfHealth`
 * node check and `X-Consul-Index`. Each registered HTTP check is really run: the double GETs its URL every
 * Interval (at least 1 s, as Consul enforces) and maps 2xx → passing, 429 → warning, anything else →
 * critical. New checks start critical, as in Consul, until their first run.
 */

export type CheckStatus = 'passing' | 'warning' | 'critical';

export interface FakeConsulService {
  id: string;
  name: string;
  address: string;
  port: number;
  tags: string[];
  meta: Record<string, string>;
  check?: { url: string; intervalMs: number; status: CheckStatus; output: string };
}

export interface FakeConsul extends Omit<HttpFixture, 'url'> {
  /** `http://127.0.0.1:<port>` */
  url: string;
  services(): FakeConsulService[];
  /** Resolves when `predicate` holds for the services (polled every 20 ms), or rejects after `timeoutMs`. */
  waitFor(predicate: (services: FakeConsulService[]) => boolean, timeoutMs?: number): Promise<void>;
}

const NODE = {
  ID: '0b8c7e4a-4b4e-4b51-8a59-7e0c2f8c7f6a',
  Node: 'fake-node',
  Address: '127.0.0.1',
  Datacenter: 'dc1',
  TaggedAddresses: { lan: '127.0.0.1', wan: '127.0.0.1' },
  Meta: {},
};

/** `10s`, `500ms`, `1m`, `1h` → ms. */
function parseDuration(text: unknown): number | undefined {
  const match = typeof text === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text) : null;
  if (!match) return undefined;
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
}

/** Consul accepts PascalCase and snake_case keys alike. */
function field(body: Record<string, unknown>, pascal: string): unknown {
  const snake = pascal.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return body[pascal] ?? body[snake] ?? body[pascal.toLowerCase()];
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': body === undefined ? 'text/plain' : 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

export async function startFakeConsul(): Promise<FakeConsul> {
  const services = new Map<string, FakeConsulService>();
  const timers = new Map<string, NodeJS.Timeout>();
  let index = 1;

  async function runCheck(service: FakeConsulService): Promise<void> {
    const check = service.check!;
    let status: CheckStatus;
    try {
      const response = await fetch(check.url, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      status =
        response.status >= 200 && response.status < 300 ? 'passing' : response.status === 429 ? 'warning' : 'critical';
      check.output = `HTTP GET ${check.url}: ${response.status}`;
    } catch (error) {
      status = 'critical';
      check.output = `HTTP GET ${check.url}: ${String(error)}`;
    }
    if (services.get(service.id) !== service) return;
    if (status !== check.status) index += 1;
    check.status = status;
  }

  function register(request: RecordedRequest, res: ServerResponse): void {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = field(body, 'Name');
    if (typeof name !== 'string' || name === '') return send(res, 400, undefined);
    const id = (field(body, 'ID') as string | undefined) ?? name;
    const checkBody = (field(body, 'Check') ?? (field(body, 'Checks') as unknown[] | undefined)?.[0]) as
      Record<string, unknown> | undefined;
    const url = checkBody ? field(checkBody, 'HTTP') : undefined;
    const interval = checkBody ? parseDuration(field(checkBody, 'Interval')) : undefined;
    if (url !== undefined && interval === undefined) return send(res, 400, undefined);
    const service: FakeConsulService = {
      id,
      name,
      address: (field(body, 'Address') as string | undefined) ?? '',
      port: Number(field(body, 'Port') ?? 0),
      tags: (field(body, 'Tags') as string[] | undefined) ?? [],
      meta: (field(body, 'Meta') as Record<string, string> | undefined) ?? {},
      ...(typeof url === 'string'
        ? { check: { url, intervalMs: Math.max(1000, interval!), status: 'critical' as CheckStatus, output: '' } }
        : {}),
    };
    clearInterval(timers.get(id));
    services.set(id, service);
    index += 1;
    if (service.check) {
      void runCheck(service);
      timers.set(
        id,
        setInterval(() => void runCheck(service), service.check.intervalMs),
      );
    }
    send(res, 200);
  }

  function health(request: RecordedRequest, res: ServerResponse, name: string): void {
    const passingOnly = request.query.has('passing') && request.query.get('passing') !== 'false';
    const entries = [...services.values()]
      .filter((service) => service.name === name)
      .filter((service) => !passingOnly || (service.check?.status ?? 'passing') === 'passing')
      .map((service) => ({
        Node: NODE,
        Service: {
          ID: service.id,
          Service: service.name,
          Tags: service.tags,
          Address: service.address,
          Port: service.port,
          Meta: service.meta,
          Weights: { Passing: 1, Warning: 1 },
          Namespace: 'default',
        },
        Checks: [
          ...(service.check
            ? [
                {
                  Node: NODE.Node,
                  CheckID: `service:${service.id}`,
                  Name: `Service '${service.name}' check`,
                  Status: service.check.status,
                  Notes: '',
                  Output: service.check.output,
                  ServiceID: service.id,
                  ServiceName: service.name,
                  ServiceTags: service.tags,
                },
              ]
            : []),
          {
            Node: NODE.Node,
            CheckID: 'serfHealth',
            Name: 'Serf Health Status',
            Status: 'passing',
            Notes: '',
            Output: 'Agent alive and reachable',
            ServiceID: '',
            ServiceName: '',
          },
        ],
      }));
    send(res, 200, entries, {
      'x-consul-index': String(index),
      'x-consul-knownleader': 'true',
      'x-consul-lastcontact': '0',
    });
  }

  const fixture = await startHttpFixture((request, res) => {
    const deregister = /^\/v1\/agent\/service\/deregister\/(.+)$/.exec(request.path);
    const healthOf = /^\/v1\/health\/service\/(.+)$/.exec(request.path);
    if (request.method === 'PUT' && request.path === '/v1/agent/service/register') return register(request, res);
    if (request.method === 'PUT' && deregister) {
      const id = decodeURIComponent(deregister[1]!);
      clearInterval(timers.get(id));
      timers.delete(id);
      if (services.delete(id)) index += 1;
      return send(res, 200);
    }
    if (request.method === 'GET' && healthOf) return health(request, res, decodeURIComponent(healthOf[1]!));
    send(res, 404, undefined);
  });

  return extendFixture<FakeConsul>(fixture, {
    services: () => [...services.values()],
    async waitFor(predicate, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate([...services.values()])) {
        if (Date.now() > until)
          throw new Error(
            `fake consul: condition not met within ${timeoutMs} ms; services: ${JSON.stringify([...services.values()])}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close() {
      for (const timer of timers.values()) clearInterval(timer);
      timers.clear();
      return fixture.close();
    },
  });
}
