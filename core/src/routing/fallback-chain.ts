import type { AgentRegistry } from '../agents/agent-registry.js';
import type { RouteDecision } from './route-decision.js';

/**
 * The order in which agents are tried: the chosen one, then its configured fallbacks (followed
 * transitively, cycles cut), then the remaining usable agents by score. Unusable agents only appear when
 * they were forced or named as a fallback, so their missing key is reported instead of silently skipped.
 */
export function fallbackChain(
  registry: AgentRegistry,
  decision: RouteDecision,
  options: { fallback: boolean },
): string[] {
  const chain = [decision.chosen];
  if (!options.fallback) return chain;
  let current = decision.chosen;
  for (;;) {
    const next = registry.has(current)
      ? (registry.get(current).settings.fallback ?? registry.get(current).plugin.fallback)
      : undefined;
    if (!next || chain.includes(next) || !registry.has(next) || !registry.get(next).enabled) break;
    chain.push(next);
    current = next;
  }
  for (const agent of decision.ranked) {
    if (agent.available && !chain.includes(agent.name)) chain.push(agent.name);
  }
  return chain;
}
