import type { AgentEnvironment, AgentLogger, AgentPaths, AgentPlugin, AgentSettings } from '@payready/agent-contract';
import type { PayReadyConfig } from '@payready/shared';
import { AgentRegistry, type RegisteredAgent } from './agent-registry.js';
import { resolveCommunityPlugins } from './community-plugins.js';
import { loadPlugins } from './load-plugins.js';
import { canaryOf, canarySettings, isRemoteAgent } from '../canary/canary-settings.js';
import { canaryAgent } from '../canary/canary-agent.js';
import type { applyRemoteAgents as ApplyRemoteAgentsFn } from '../remote/remote-agents.js';

type ApplyRemoteAgents = typeof ApplyRemoteAgentsFn;

export type KeyResolver = AgentEnvironment['resolveKey'];

export interface CreateRegistryOptions {
  config: PayReadyConfig;
  env: Readonly<Record<string, string | undefined>>;
  paths: AgentPaths;
  logger: AgentLogger;
  resolveKey: KeyResolver;
  /** Directory relative `plugins.paths` are resolved against (the project root, else cwd). */
  baseDir: string;
}

/**
 * Discovers every plugin, attaches its config section, and runs each enabled plugin's init() (the local
 * agent loads its index there). A plugin whose init fails is reported and left out of routing.
 */
export async function createRegistry(options: CreateRegistryOptions): Promise<AgentRegistry> {
  const community = resolveCommunityPlugins({
    paths: options.config.plugins.paths,
    packages: options.config.plugins.packages,
    baseDir: options.baseDir,
  });
  const { plugins, failures } = await loadPlugins(community);
  const localPlugins = new Map(plugins);
  const sections = options.config.agents as Record<string, AgentSettings | undefined>;
  // The HTTP client, Consul and endpoint pools load only when an agent is remote; a canary can only be
  // remote when its stable side is (canarySettings keeps `endpoint` and `discovery`).
  const remote = Object.values(sections).some((settings) => settings !== undefined && isRemoteAgent(settings))
    ? await import('../remote/remote-agents.js')
    : undefined;
  remote?.applyRemoteAgents(plugins, { config: options.config, env: options.env });
  const agents: RegisteredAgent[] = [];
  for (const [name, { plugin, source }] of plugins) {
    const settings: AgentSettings = sections[name] ?? { enabled: true };
    const environment: AgentEnvironment = {
      settings,
      env: options.env,
      paths: options.paths,
      logger: options.logger,
      resolveKey: options.resolveKey,
    };
    const agent: RegisteredAgent = { name, plugin, source, settings, environment, enabled: settings.enabled !== false };
    const canary = canaryVariant(agent, localPlugins, options, remote?.applyRemoteAgents);
    agents.push(canary ? { ...agent, canary } : agent);
  }
  for (const name of Object.keys(sections)) {
    if (!plugins.has(name)) {
      options.logger.warn(`agents.${name} is configured but no plugin named "${name}" is loaded`);
    }
  }
  await Promise.all(
    agents
      .filter((agent) => agent.enabled && agent.plugin.init)
      .map(async (agent) => {
        try {
          await agent.plugin.init!(agent.environment);
        } catch (error) {
          agent.enabled = false;
          failures.push({
            source: agent.source,
            reason: `init() failed: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      }),
  );
  return new AgentRegistry(agents, failures);
}

/** The canary side; a remote agent whose canary names an endpoint gets a remote plugin on that endpoint. */
function canaryVariant(
  stable: RegisteredAgent,
  localPlugins: ReadonlyMap<string, { plugin: AgentPlugin; source: string }>,
  options: CreateRegistryOptions,
  applyRemoteAgents: ApplyRemoteAgents | undefined,
): RegisteredAgent['canary'] {
  const canary = canaryOf(stable.settings);
  if (!canary) return undefined;
  const settings = canarySettings(stable.name, stable.settings);
  if (!applyRemoteAgents || !isRemoteAgent(settings) || canary.endpoint === undefined) return canaryAgent(stable);
  const own = new Map([...localPlugins].filter(([name]) => name === stable.name));
  applyRemoteAgents(own, {
    config: { ...options.config, agents: { [stable.name]: settings } as PayReadyConfig['agents'] },
    env: options.env,
  });
  return canaryAgent(stable, own.get(stable.name));
}
