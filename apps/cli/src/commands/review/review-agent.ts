import type { RouteQuery } from '@payready/agent-contract';
import { AgentRegistry, route } from '@payready/core';
import { ExitCode, PayReadyError, type PayReadyConfig } from '@payready/shared';

/**
 * Which registry and agent a review runs with. Without `--agent` only generative agents (claude, codex and
 * community LLM agents) take part, fallbacks included: the local retrieval agent or a web search cannot
 * answer with findings JSON, and falling back to them would only turn an outage into a "malformed reply".
 * No usable one is exit 3, so a git hook lets the commit through.
 */
export function reviewAgent(options: {
  registry: AgentRegistry;
  config: PayReadyConfig;
  forced: string | undefined;
  query: RouteQuery;
}): { registry: AgentRegistry; agent: string } {
  const { registry, config, forced } = options;
  if (forced !== undefined) {
    registry.get(forced);
    return { registry, agent: forced };
  }
  const generative = registry.enabled().filter((agent) => agent.plugin.generative);
  const usable = generative.filter((agent) => registry.availabilityOf(agent.name).ok);
  if (usable.length === 0) {
    const fixes = generative
      .map((agent) => registry.availabilityOf(agent.name).fix)
      .filter((fix): fix is string => Boolean(fix));
    throw new PayReadyError(
      'no agent that can review is usable: a review needs a language model (claude, codex or a compatible server)',
      {
        exitCode: ExitCode.noCredentials,
        hint: fixes.length > 0 ? [...new Set(fixes)].join('\n') : '`payready agents` shows how to enable one',
      },
    );
  }
  const reviewers = new AgentRegistry(generative, registry.failures);
  // The router still picks among them (codex for code-heavy diffs, by the plugins' own scores).
  const decision = route(reviewers, options.query, { threshold: 0, defaultAgent: config.routing.default_agent });
  return { registry: reviewers, agent: decision.chosen };
}
