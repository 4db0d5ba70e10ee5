import type { AgentRegistry, RouteDecision } from '@payready/core';

/** What `payready route --json` prints, and `POST /v1/route` answers. */
export function decisionJson(decision: RouteDecision): Record<string, unknown> {
  return {
    agent: decision.chosen,
    reason: decision.reason,
    micros: Number(decision.micros.toFixed(2)),
    scores: decision.ranked.map((agent) => ({
      agent: agent.name,
      score: Number(agent.score.toFixed(4)),
      available: agent.available,
      ...(agent.reasons.length > 0 ? { reasons: agent.reasons } : {}),
    })),
  };
}

/** What `payready agents --json` prints, and `GET /v1/agents` answers. */
export function agentsJson(registry: AgentRegistry): Record<string, unknown> {
  const agents = registry.all().map((agent) => {
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
