import { AgentError } from '@payready/agent-contract';
import type { ConsulClient } from './consul-client.js';

/** Where a remote agent's instances come from: a fixed list, or Consul's healthy instances of a service. */
export type EndpointSource =
  { kind: 'static'; urls: string[] } | { kind: 'consul'; client: ConsulClient; service: string };

export interface EndpointPoolOptions {
  source: EndpointSource;
  /** How long a Consul answer is reused before asking again. */
  discoveryTtlMs?: number;
  /** How long an instance that refused a connection is passed over (when others remain). */
  downMs?: number;
  now?: () => number;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function formatHost(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/**
 * Round-robin over the healthy instances of one remote agent. An instance that failed at the connection
 * level is skipped for `downMs` while another one is available; with none left, all are tried again.
 */
export class EndpointPool {
  private cursor = 0;
  private discovered: { urls: string[]; at: number } | undefined;
  private discovering: Promise<string[]> | undefined;
  private readonly down = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: EndpointPoolOptions) {
    this.now = options.now ?? Date.now;
  }

  describe(): string {
    const { source } = this.options;
    return source.kind === 'static' ? source.urls.join(', ') : `consul service "${source.service}"`;
  }

  private async candidates(signal: AbortSignal): Promise<string[]> {
    const { source } = this.options;
    if (source.kind === 'static') return source.urls.map(trimSlash);
    const ttl = this.options.discoveryTtlMs ?? 2000;
    if (this.discovered && this.now() - this.discovered.at < ttl) return this.discovered.urls;
    this.discovering ??= source.client
      .healthy(source.service, signal)
      .then((instances) => {
        const urls = instances.map((instance) => `http://${formatHost(instance.address)}:${instance.port}`);
        this.discovered = { urls, at: this.now() };
        return urls;
      })
      .finally(() => {
        this.discovering = undefined;
      });
    try {
      return await this.discovering;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // Consul away: the last known instances are still the best guess.
      if (this.discovered) return this.discovered.urls;
      throw new AgentError({
        kind: 'unavailable',
        message: `service discovery failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  /** The next instance to call, or AgentError `unavailable` when there is none. */
  async next(signal: AbortSignal): Promise<string> {
    const urls = await this.candidates(signal);
    if (urls.length === 0)
      throw new AgentError({ kind: 'unavailable', message: `no healthy instance of ${this.describe()}` });
    const now = this.now();
    const up = urls.filter((url) => (this.down.get(url) ?? 0) <= now);
    const pool = up.length > 0 ? up : urls;
    const url = pool[this.cursor % pool.length]!;
    this.cursor = (this.cursor + 1) % Number.MAX_SAFE_INTEGER;
    return url;
  }

  markDown(url: string): void {
    this.down.set(url, this.now() + (this.options.downMs ?? 5000));
    this.discovered = undefined;
  }
}
