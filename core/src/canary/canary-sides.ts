import type { AgentRegistry, RegisteredAgent } from '../agents/agent-registry.js';
import { canarySide, type Variant } from './canary-split.js';

/** The side each agent takes for one query. */
export type VariantOf = (agent: string) => Variant;

/**
 * The variants of one ask, decided by its query text: each agent with a canary is hashed once, on first
 * use (the chosen one by the router); agents without one cost a map lookup. Unknown agents are `stable`.
 */
export function canarySides(
  registry: AgentRegistry,
  text: string,
  decided?: { chosen: string; variant: Variant },
): VariantOf {
  // The router already hashed the query for the chosen agent.
  const known = new Map<string, Variant>(decided ? [[decided.chosen, decided.variant]] : []);
  return (agent) => {
    let side = known.get(agent);
    if (side === undefined) {
      const canary = registry.has(agent) ? registry.get(agent).canary : undefined;
      side = canary ? canarySide(agent, text, canary.percent) : 'stable';
      known.set(agent, side);
    }
    return side;
  };
}

/** The agent as this side runs it: the canary's settings (and plugin) on the canary side. */
export function agentOnSide(agent: RegisteredAgent, side: Variant): RegisteredAgent {
  return side === 'canary' && agent.canary ? agent.canary.agent : agent;
}
