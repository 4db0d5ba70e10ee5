import { canaryAgent } from '../canary/canary-agent.js';
import type { AgentEnvironment, AgentPlugin, AgentSettings } from '@payready/agent-contract';
import { AgentRegistry } from '../agents/agent-registry.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/** A registry over in-memory plugins, with optional per-agent settings. */
export function createMockRegistry(
  plugins: AgentPlugin[],
  settings: Record<string, AgentSettings> = {},
): AgentRegistry {
  return new AgentRegistry(
    plugins.map((plugin) => {
      const own = settings[plugin.name] ?? {};
      const environment: AgentEnvironment = {
        settings: own,
        env: {},
        paths: {
          cacheDir: '/nonexistent',
          dataDir: '/nonexistent',
          configDir: '/nonexistent',
          stateDir: '/nonexistent',
          cwd: '/',
        },
        logger: silent,
        resolveKey: () => undefined,
      };
      const agent = {
        name: plugin.name,
        plugin,
        source: 'test',
        settings: own,
        environment,
        enabled: own.enabled !== false,
      };
      const canary = canaryAgent(agent);
      return canary ? { ...agent, canary } : agent;
    }),
  );
}
