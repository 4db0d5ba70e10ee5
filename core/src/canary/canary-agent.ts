import type { AgentPlugin } from '@payready/agent-contract';
import type { RegisteredAgent } from '../agents/agent-registry.js';
import { canaryOf, canarySettings } from './canary-settings.js';

/**
 * The canary side of a registered agent, when its settings have a canary: the same plugin (or `own`, for a
 * remote agent whose canary has an endpoint of its own) with the canary's settings. init() is not run again:
 * it prepares the plugin (the local index), which both sides share.
 */
export function canaryAgent(
  stable: RegisteredAgent,
  own?: { plugin: AgentPlugin; source: string },
): RegisteredAgent['canary'] {
  const canary = canaryOf(stable.settings);
  if (!canary) return undefined;
  const settings = canarySettings(stable.name, stable.settings);
  const { plugin, source } = own ?? stable;
  return {
    percent: canary.percent,
    agent: {
      ...stable,
      plugin,
      source: `${source} (canary)`,
      settings,
      environment: { ...stable.environment, settings },
    },
  };
}
