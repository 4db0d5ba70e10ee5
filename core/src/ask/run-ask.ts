import type { AgentRequest, ChatMessage, ExecuteContext, RouteQuery } from '@payready/agent-contract';
import {
  durationToMs,
  errorKindOf,
  noopTelemetry,
  track,
  type AskOutcome,
  type AskTelemetry,
  type OutcomeOf,
  type PayReadyConfig,
  type Telemetry,
} from '@payready/shared';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { CircuitBreaker } from '../execution/circuit-breaker.js';
import { executeChain } from '../execution/execute-chain.js';
import type { ExecutionEvent } from '../execution/execution-event.js';
import { fallbackChain } from '../routing/fallback-chain.js';
import { route } from '../routing/route.js';
import type { RouteDecision } from '../routing/route-decision.js';
import type { PersonaDefinition } from '../prompts/persona.js';
import type { AnswerCache } from '../caching/answer-cache.js';
import type { AskResult } from './ask-result.js';
import { cachedAsk } from './cached-ask.js';
import { deadlineSignal } from './deadline.js';
import { agentOnSide, canarySides, type VariantOf } from '../canary/canary-sides.js';

export interface AskOptions {
  registry: AgentRegistry;
  config: PayReadyConfig;
  query: RouteQuery;
  /** The final text sent upstream (the persona's template applied to the query). */
  text: string;
  persona: PersonaDefinition;
  history?: ChatMessage[];
  model?: string;
  forcedAgent?: string;
  signal: AbortSignal;
  onEvent?: (event: ExecutionEvent) => void;
  onDecision?: (decision: RouteDecision) => void;
  /** The answer cache (createAnswerCache); absent: no caching. */
  cache?: AnswerCache;
  /** use: read and write; refresh: write only (`--refresh`); off: neither (`--no-cache`). */
  cacheMode?: 'use' | 'refresh' | 'off';
  /** The template context fields ({{date}}, {{branch}}, …) the persona used, with their values: part of the cache key. */
  templateContext?: Record<string, string>;
  breaker?: CircuitBreaker;
  /** Metrics and spans of this ask (the CLI's or the server's); default: nothing recorded. */
  telemetry?: Telemetry;
}

function perAttemptTimeout(config: PayReadyConfig, registry: AgentRegistry) {
  const fallback = durationToMs(config.routing.default_timeout);
  return (agent: string): number => {
    const own = registry.get(agent).settings.timeout;
    return typeof own === 'number' || typeof own === 'string' ? durationToMs(own) : fallback;
  };
}

/** Delegation for agents that need an LLM (web's summary): the best usable generative agent not excluded. */
function createDelegate(
  options: AskOptions,
  signal: AbortSignal,
  timeoutFor: (agent: string) => number,
  variantOf: VariantOf,
): ExecuteContext['delegate'] {
  return async (request, { exclude }) => {
    const candidates = options.registry
      .enabled()
      .filter(
        (agent) =>
          agent.plugin.generative && !exclude.includes(agent.name) && options.registry.availabilityOf(agent.name).ok,
      )
      .map((agent) => agent.name);
    if (candidates.length === 0) return undefined;
    const result = await executeChain({
      registry: options.registry,
      chain: candidates,
      request,
      timeoutFor,
      maxRetries: options.config.routing.max_retries,
      backoff: { baseMs: options.config.routing.backoff_ms, maxMs: options.config.routing.max_backoff_ms },
      signal,
      variantOf,
      ...(options.breaker ? { breaker: options.breaker } : {}),
    });
    return { agent: result.agent, text: result.text };
  };
}

/**
 * One ask, end to end: route, then run the fallback chain under one deadline. The CLI and the HTTP
 * service both call this; rendering and caching sit around it.
 */
export async function runAsk(options: AskOptions): Promise<AskResult> {
  const ask = (options.telemetry ?? noopTelemetry).startAsk(
    options.forcedAgent ? { forcedAgent: options.forcedAgent } : undefined,
  );
  return track(ask, () => routeAndAnswer(options, ask), ASK_OUTCOME);
}

/** What the root span `payready.ask` records: who answered, from the cache or not, or the failure's kind. */
const ASK_OUTCOME: OutcomeOf<AskResult, AskOutcome> = {
  value: (result) => ({
    ok: true,
    agent: result.agent,
    variant: result.variant,
    cached: result.cached,
    cacheLevel: result.cacheLevel,
  }),
  error: (error) => {
    const last = (error as { attempts?: ReadonlyArray<{ agent: string }> } | undefined)?.attempts?.at(-1)?.agent;
    return { ok: false, errorKind: errorKindOf(error), error, ...(last ? { agent: last } : {}) };
  },
};

async function routeAndAnswer(options: AskOptions, ask: AskTelemetry): Promise<AskResult> {
  const started = performance.now();
  const { config, registry } = options;
  const decision = route(registry, options.query, {
    threshold: config.routing.confidence_threshold,
    defaultAgent: config.routing.default_agent,
    ...(options.forcedAgent ? { forced: options.forcedAgent } : {}),
  });
  ask.routeDecided({ chosen: decision.chosen, reason: decision.reason, micros: decision.micros });
  options.onDecision?.(decision);
  const variantOf = canarySides(registry, options.query.text, decision);
  if (options.cache && options.cacheMode !== 'off' && config.cache.enabled) {
    return cachedAsk({
      options,
      decision,
      started,
      variantOf,
      telemetry: ask,
      execute: () => executeDecision({ options, decision, started, ask, variantOf }),
    });
  }
  return executeDecision({ options, decision, started, ask, variantOf });
}

/** The chosen agent and its fallbacks under one deadline: the upstream part of an ask. */
async function executeDecision(input: {
  options: AskOptions;
  decision: RouteDecision;
  started: number;
  ask: AskTelemetry;
  variantOf: VariantOf;
}): Promise<AskResult> {
  const { options, decision, started, ask, variantOf } = input;
  const { config, registry } = options;
  const chain = fallbackChain(registry, decision, { fallback: config.routing.fallback });
  const deadlineMs = config.routing.deadline === undefined ? undefined : durationToMs(config.routing.deadline);
  const deadline = deadlineSignal(options.signal, deadlineMs);
  const timeoutFor = perAttemptTimeout(config, registry);
  const request: AgentRequest = {
    text: options.text,
    persona: options.persona,
    ...(options.history ? { history: options.history } : {}),
    ...(options.model ? { model: options.model } : {}),
  };
  try {
    const result = await executeChain({
      registry,
      chain,
      request,
      timeoutFor,
      maxRetries: config.routing.max_retries,
      backoff: { baseMs: config.routing.backoff_ms, maxMs: config.routing.max_backoff_ms },
      signal: deadline.signal,
      delegate: createDelegate(options, deadline.signal, timeoutFor, variantOf),
      variantOf,
      ...(options.breaker ? { breaker: options.breaker } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      telemetry: ask,
    });
    const attemptStart = result.attempts.at(-1)!;
    const answerer = agentOnSide(registry.get(result.agent), result.variant);
    return {
      answer: result.text,
      agent: result.agent,
      variant: result.variant,
      model:
        result.model ??
        request.model ??
        options.persona.model ??
        (answerer.settings.model as string | undefined) ??
        null,
      attempts: result.attempts,
      durationMs: performance.now() - started,
      ttftMs: result.ttftMs === undefined ? null : performance.now() - started - attemptStart.ms + result.ttftMs,
      usage:
        result.inputTokens === undefined && result.outputTokens === undefined
          ? null
          : { inputTokens: result.inputTokens ?? 0, outputTokens: result.outputTokens ?? 0 },
      sources: result.sources,
      finishReason: result.finishReason ?? null,
      cached: false,
      cacheLevel: null,
      decision,
    };
  } finally {
    deadline.dispose();
  }
}
