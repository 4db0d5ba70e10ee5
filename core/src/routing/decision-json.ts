import type { AgentRegistry } from '../agents/agent-registry.js';
import type { RouteDecision } from './route-decision.js';

/** What `payready route --json` prints, and `POST /v1/route` answers. */
export function decisionJson(decision: RouteDecision): Record<string, unknown> {
  return {
    agent: decision.chosen,
    reason: decision.reason,
    variant: decision.variant,
    micros: Number(decision.micros.toFixed(2)),
    scores: decision.ranked.map((agent) => ({
      agent: agent.name,
      score: Number(agent.score.toFixed(4)),
      available: agent.available,
      ...(agent.reasons.length > 0 ? { reasons: agent.reasons } : {}),
    })),
  };
}

export interface AgentRow {
  name: string;
  version: string;
  enabled: boolean;
  available: boolean;
  reason?: string | null;
  fix?: string | null;
  description: string;
  source: string;
}

/** What `payready agents --json` prints, and `GET /v1/agents` answers. */
export function agentsJson(registry: AgentRegistry): { agents: AgentRow[]; failures: AgentRegistry['failures'] } {
  const agents = registry.all().map((agent): AgentRow => {
    const availability = registry.availabilityOf(agent.name);
    return {
      name: agent.name,
      version: agent.plugin.version,
      enabled: agent.enabled,
      available: availability.ok,
      ...(availability.ok ? {} : { reason: availability.reason ?? null, fix: availability.fix ?? null }),
      description: agent.plugin.description,
      source: agent.source,
    };
  });
  return { agents, failures: registry.failures };
}
