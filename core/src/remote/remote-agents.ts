import type { AgentPlugin, AgentSettings } from '@payready/agent-contract';
import type { PayReadyConfig } from '@payready/shared';
import { ConsulClient, consulUrl } from './consul-client.js';
import { EndpointPool } from './endpoint-pool.js';
import { createRemoteAgentPlugin } from './remote-agent.js';

type Plugins = Map<string, { plugin: AgentPlugin; source: string }>;

function endpointsOf(settings: AgentSettings): string[] {
  const endpoint = settings.endpoint;
  if (typeof endpoint === 'string') return [endpoint];
  return Array.isArray(endpoint) ? endpoint.filter((value): value is string => typeof value === 'string') : [];
}

/**
 * Replaces (or adds) every agent configured with `endpoint` or `discovery: consul` by a remote agent. A
 * local plugin of the same name keeps scoring the queries; only execution moves to the remote instances.
 */
export function applyRemoteAgents(
  plugins: Plugins,
  options: { config: PayReadyConfig; env: Readonly<Record<string, string | undefined>> },
): void {
  const sections = options.config.agents as Record<string, AgentSettings | undefined>;
  let consul: ConsulClient | undefined;
  for (const [name, settings] of Object.entries(sections)) {
    if (!settings) continue;
    const urls = endpointsOf(settings);
    const discovery = settings.discovery === 'consul';
    if (urls.length === 0 && !discovery) continue;
    const service = typeof settings.service === 'string' ? settings.service : options.config.server.consul.service;
    if (discovery) {
      const token = options.env.CONSUL_HTTP_TOKEN;
      consul ??= new ConsulClient({
        url: consulUrl(options.config.server.consul.url, options.env),
        ...(token ? { token } : {}),
      });
    }
    const pool = new EndpointPool({
      source: discovery ? { kind: 'consul', client: consul!, service } : { kind: 'static', urls },
    });
    const local = plugins.get(name);
    const plugin = createRemoteAgentPlugin({
      name,
      remoteAgent: typeof settings.remote_agent === 'string' ? settings.remote_agent : name,
      pool,
      ...(local ? { local: local.plugin } : {}),
    });
    plugins.set(name, { plugin, source: `remote:${pool.describe()}` });
  }
}
