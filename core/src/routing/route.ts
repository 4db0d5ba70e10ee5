import type { RouteQuery } from '@payready/agent-contract';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { RankedAgent, RouteDecision } from './route-decision.js';
import { canarySide } from '../canary/canary-split.js';
import { compareNames } from '../agents/compare-names.js';

export interface RouteOptions {
  threshold: number;
  defaultAgent: string;
  /** `--agent NAME`: must name a registered agent (checked here, exit 2 otherwise). */
  forced?: string;
}

function clamp(score: number): number {
  return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
}

function scoreAgents(registry: AgentRegistry, query: RouteQuery): RankedAgent[] {
  const ranked: RankedAgent[] = [];
  for (const agent of registry.enabled()) {
    let score = 0;
    let reasons: string[] = [];
    try {
      const result = agent.plugin.canHandle(query);
      if (typeof result === 'number') score = result;
      else {
        score = result.score;
        reasons = result.reasons ?? [];
      }
    } catch (error) {
      reasons = [`canHandle threw: ${error instanceof Error ? error.message : String(error)}`];
    }
    const availability = registry.availabilityOf(agent.name);
    ranked.push({
      name: agent.name,
      score: clamp(score),
      reasons,
      available: availability.ok,
      ...(availability.ok ? {} : { unavailableReason: availability.reason, fix: availability.fix }),
    });
  }
  // Stable order for equal scores: by name, so a decision never depends on plugin load order.
  return ranked.sort((left, right) => right.score - left.score || compareNames(left.name, right.name));
}

/**
 * Pure and synchronous: scores every enabled agent and picks one. Only usable agents can win on score;
 * an unusable top scorer is reported so the CLI can say how to configure it.
 */
export function route(registry: AgentRegistry, query: RouteQuery, options: RouteOptions): RouteDecision {
  const started = performance.now();
  if (options.forced !== undefined) registry.get(options.forced);
  const ranked = scoreAgents(registry, query);
  const usable = ranked.filter((agent) => agent.available);
  const top = ranked[0];
  const preferredButUnavailable = top && !top.available && top.score >= options.threshold ? top : undefined;
  const best = usable[0];
  let chosen: string;
  let reason: RouteDecision['reason'];
  if (options.forced !== undefined) {
    chosen = options.forced;
    reason = 'forced';
  } else if (best && best.score >= options.threshold) {
    chosen = best.name;
    reason = 'threshold';
  } else if (usable.some((agent) => agent.name === options.defaultAgent)) {
    chosen = options.defaultAgent;
    reason = 'default';
  } else {
    chosen = best?.name ?? options.defaultAgent;
    reason = 'best-available';
  }
  const canary = registry.has(chosen) ? registry.get(chosen).canary : undefined;
  return {
    chosen,
    reason,
    ranked,
    variant: canary ? canarySide(chosen, query.text, canary.percent) : 'stable',
    ...(preferredButUnavailable ? { preferredButUnavailable } : {}),
    micros: (performance.now() - started) * 1000,
  };
}
