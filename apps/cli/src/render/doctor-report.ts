import type { AgentCheck, PluginLoadFailure, ServiceCheck } from '@payready/core';

/** One agent as `payready doctor --json` prints it. Key values never appear: only where they came from. */
export interface DoctorAgent {
  name: string;
  enabled: boolean;
  usable: boolean;
  /** The credential the agent looked up: where it was found, or the names it tried. null: it needs none. */
  key: { found: boolean; source: string | null; names: string[] } | null;
  url: string | null;
  /** null: not checked (no health(), or disabled / unavailable). */
  reachable: boolean | null;
  model: string | null;
  /** null: not checked, or the server cannot tell (see modelNote). */
  modelKnown: boolean | null;
  modelNote: string | null;
  reason: string | null;
  fix: string | null;
  ms: number;
}

export interface DoctorReport {
  /** Every enabled agent usable (the exit code is 0 exactly when this is true). */
  ok: boolean;
  agents: DoctorAgent[];
  /** null when Redis is not configured. */
  redis: Omit<ServiceCheck, 'name'> | null;
  /** null unless the tracing exporter is otlp. */
  tracing: Omit<ServiceCheck, 'name'> | null;
  failures: readonly PluginLoadFailure[];
}

function keyOf(check: AgentCheck): DoctorAgent['key'] {
  if (check.keys.length === 0) return null;
  const found = check.keys.find((lookup) => lookup.source !== undefined);
  const names = [...new Set(check.keys.flatMap((lookup) => lookup.names))];
  return { found: found !== undefined, source: found?.source ?? null, names };
}

function agentOf(check: AgentCheck): DoctorAgent {
  const verdict = check.health ?? check.available;
  const details = check.health?.details;
  // A plugin whose health() reports no details but said ok has evidently reached its upstream.
  const reachable = details?.reachable ?? (check.health?.ok ? true : null);
  return {
    name: check.name,
    enabled: check.enabled,
    usable: check.usable,
    key: keyOf(check),
    url: details?.url ?? null,
    reachable,
    model: details?.model ?? null,
    modelKnown: details?.modelKnown ?? null,
    modelNote: details?.modelNote ?? null,
    reason: verdict.ok ? null : (verdict.reason ?? null),
    fix: verdict.ok ? null : (verdict.fix ?? null),
    ms: check.ms,
  };
}

function service(checks: ServiceCheck[], name: ServiceCheck['name']): DoctorReport['redis'] {
  const found = checks.find((check) => check.name === name);
  if (!found) return null;
  const { name: _name, ...rest } = found;
  return rest;
}

export function doctorReport(input: {
  agents: AgentCheck[];
  services: ServiceCheck[];
  failures: readonly PluginLoadFailure[];
}): DoctorReport {
  const agents = input.agents.map(agentOf);
  const enabled = agents.filter((agent) => agent.enabled);
  return {
    ok: enabled.length > 0 && enabled.every((agent) => agent.usable),
    agents,
    redis: service(input.services, 'redis'),
    tracing: service(input.services, 'tracing'),
    failures: input.failures,
  };
}
