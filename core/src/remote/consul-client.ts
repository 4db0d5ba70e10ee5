/** A service instance as Consul's health endpoint reports it. */
export interface ConsulInstance {
  id: string;
  address: string;
  port: number;
  tags: string[];
}

export interface ConsulRegistration {
  id: string;
  name: string;
  address: string;
  port: number;
  tags?: string[];
  meta?: Record<string, string>;
  /** URL Consul GETs every `interval` (2xx passing, 429 warning, else critical). */
  checkUrl: string;
  interval: string;
  timeout?: string;
  deregisterAfter?: string;
}

export interface ConsulClientOptions {
  /** The agent's base URL, e.g. http://127.0.0.1:8500. */
  url: string;
  /** ACL token (CONSUL_HTTP_TOKEN), sent as X-Consul-Token. */
  token?: string;
  timeoutMs?: number;
}

/** The Consul agent address in effect: config, then CONSUL_HTTP_ADDR (which may omit the scheme), then the default. */
export function consulUrl(configured: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const raw = configured ?? env.CONSUL_HTTP_ADDR?.trim() ?? '';
  if (raw === '') return 'http://127.0.0.1:8500';
  const withScheme = /^https?:\/\//.test(raw) ? raw : `http://${raw}`;
  return withScheme.replace(/\/+$/, '');
}

/** The three calls payready needs of Consul's HTTP API: register, deregister, healthy instances of a service. */
export class ConsulClient {
  constructor(private readonly options: ConsulClientOptions) {}

  private async call(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 5000);
    const response = await fetch(`${this.options.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.options.token ? { 'x-consul-token': this.options.token } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).slice(0, 200);
      throw new Error(`consul ${method} ${path}: ${response.status} ${text}`.trim());
    }
    return response;
  }

  async register(registration: ConsulRegistration): Promise<void> {
    const check = {
      CheckID: `service:${registration.id}`,
      Name: `payready ${registration.name} /health`,
      HTTP: registration.checkUrl,
      Method: 'GET',
      Interval: registration.interval,
      Timeout: registration.timeout ?? '5s',
      ...(registration.deregisterAfter ? { DeregisterCriticalServiceAfter: registration.deregisterAfter } : {}),
    };
    const response = await this.call('PUT', '/v1/agent/service/register?replace-existing-checks=true', {
      ID: registration.id,
      Name: registration.name,
      Address: registration.address,
      Port: registration.port,
      Tags: registration.tags ?? [],
      Meta: registration.meta ?? {},
      Check: check,
    });
    await response.body?.cancel();
  }

  async deregister(id: string): Promise<void> {
    const response = await this.call('PUT', `/v1/agent/service/deregister/${encodeURIComponent(id)}`);
    await response.body?.cancel();
  }

  /** Instances whose every check passes. `Service.Address` may be empty: then the node's address is the one. */
  async healthy(service: string, signal?: AbortSignal): Promise<ConsulInstance[]> {
    const response = await this.call(
      'GET',
      `/v1/health/service/${encodeURIComponent(service)}?passing=true`,
      undefined,
      signal,
    );
    const entries = (await response.json()) as Array<{
      Node?: { Address?: string };
      Service?: { ID?: string; Address?: string; Port?: number; Tags?: string[] | null };
    }>;
    return entries
      .map((entry) => ({
        id: entry.Service?.ID ?? '',
        address: entry.Service?.Address || entry.Node?.Address || '',
        port: entry.Service?.Port ?? 0,
        tags: entry.Service?.Tags ?? [],
      }))
      .filter((instance) => instance.address !== '' && instance.port > 0);
  }
}
