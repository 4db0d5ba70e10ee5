import type { Attributes } from '@opentelemetry/api';
import { boundedErrorKind } from './error-kind.js';
import { genAiProfile } from './gen-ai-profile.js';
import type { PayReadyMetrics } from './prom-metrics.js';
import type { SpanHandle, SpanRecorder } from './span-recorder.js';
import type {
  AskOutcome,
  AskStart,
  AskTelemetry,
  AttemptInfo,
  AttemptOutcome,
  CacheGetOutcome,
  CacheSetOutcome,
  Telemetry,
  TelemetryScope,
} from './telemetry.js';

export interface CreateTelemetryOptions {
  /** prom-client instruments (createMetrics); metrics are off without them. */
  metrics?: PayReadyMetrics;
  /** Span recorder over an OpenTelemetry tracer (createSpanRecorder); tracing is off without it. */
  spans?: SpanRecorder;
  /** GenAI provider/operation of an agent; default genAiProfile. */
  profile?: (agent: string) => { provider: string; operation: string };
}

const passThrough = <T>(fn: () => T): T => fn();
const runIn = (span: SpanHandle | undefined) => (span ? <T>(fn: () => T): T => span.run(fn) : passThrough);
const SPAN_KIND_CLIENT = 2; // SpanKind.CLIENT, without importing the enum's module here

function attemptScope(
  options: CreateTelemetryOptions,
  parent: SpanHandle | undefined,
  info: AttemptInfo,
): TelemetryScope<AttemptOutcome> {
  const { metrics } = options;
  const started = performance.now();
  const variant = info.variant ?? 'stable';
  metrics?.active.inc({ tool: info.agent, variant });
  let span: SpanHandle | undefined;
  if (parent) {
    const { provider, operation } = (options.profile ?? genAiProfile)(info.agent);
    const attributes: Attributes = {
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': provider,
      'payready.agent': info.agent,
      'payready.attempt': info.attempt,
      'payready.variant': variant,
      ...(info.model ? { 'gen_ai.request.model': info.model } : {}),
      ...(info.stream ? { 'gen_ai.request.stream': true } : {}),
    };
    span = parent.child(info.model ? `${operation} ${info.model}` : operation, { kind: SPAN_KIND_CLIENT, attributes });
  }
  return {
    run: runIn(span),
    end(outcome) {
      const tool = info.agent;
      if (metrics) {
        metrics.active.dec({ tool, variant });
        metrics.duration.observe({ tool, variant }, (performance.now() - started) / 1000);
        metrics.requests.inc({ tool, status: outcome.ok ? 'success' : 'error', variant });
        if (!outcome.ok) metrics.errors.inc({ tool, error_type: boundedErrorKind(outcome.errorKind), variant });
        if (outcome.inputTokens) metrics.tokens.inc({ tool, direction: 'input', variant }, outcome.inputTokens);
        if (outcome.outputTokens) metrics.tokens.inc({ tool, direction: 'output', variant }, outcome.outputTokens);
      }
      if (!span) return;
      if (!outcome.ok) span.fail(outcome.error, boundedErrorKind(outcome.errorKind));
      span.end({
        ...(outcome.inputTokens === undefined ? {} : { 'gen_ai.usage.input_tokens': outcome.inputTokens }),
        ...(outcome.outputTokens === undefined ? {} : { 'gen_ai.usage.output_tokens': outcome.outputTokens }),
        ...(outcome.finishReason ? { 'gen_ai.response.finish_reasons': [outcome.finishReason] } : {}),
        ...(outcome.responseModel ? { 'gen_ai.response.model': outcome.responseModel } : {}),
        ...(outcome.ttftMs === undefined ? {} : { 'gen_ai.response.time_to_first_chunk': outcome.ttftMs / 1000 }),
      });
    },
  };
}

function cacheGetScope(
  metrics: PayReadyMetrics | undefined,
  parent: SpanHandle | undefined,
): TelemetryScope<CacheGetOutcome> {
  const span = parent?.child('payready.cache.get');
  return {
    run: runIn(span),
    end(outcome) {
      if (outcome.hit && outcome.level) metrics?.cacheHits.inc({ cache_type: outcome.level });
      else metrics?.cacheMisses.inc();
      if (outcome.failed) span?.fail(undefined, 'error');
      span?.end({
        'payready.cache.hit': outcome.hit,
        ...(outcome.level ? { 'payready.cache.level': outcome.level } : {}),
      });
    },
  };
}

function cacheSetScope(parent: SpanHandle | undefined, level: string | undefined): TelemetryScope<CacheSetOutcome> {
  const span = parent?.child('payready.cache.set', level ? { attributes: { 'payready.cache.level': level } } : {});
  return {
    run: runIn(span),
    end(outcome) {
      if (!outcome.ok) span?.fail(undefined, 'error');
      span?.end(outcome.levels ? { 'payready.cache.levels': [...outcome.levels] } : undefined);
    },
  };
}

function askScope(options: CreateTelemetryOptions, info: AskStart): AskTelemetry {
  const { metrics } = options;
  const span = options.spans?.root('payready.ask', {
    ...(info.entry ? { 'payready.entry': info.entry } : {}),
    ...(info.forcedAgent ? { 'payready.forced_agent': info.forcedAgent } : {}),
  });
  return {
    run: runIn(span),
    routeDecided(route) {
      metrics?.routeDuration.observe(route.micros / 1e6);
      span
        ?.child('payready.route', { startTime: performance.timeOrigin + performance.now() - route.micros / 1000 })
        .end({
          'payready.route.chosen': route.chosen,
          'payready.route.reason': route.reason,
          ...(route.score === undefined ? {} : { 'payready.route.score': route.score }),
        });
    },
    cacheGet: () => cacheGetScope(metrics, span),
    cacheSet: (set) => cacheSetScope(span, set?.level),
    attempt: (attempt) => attemptScope(options, span, attempt),
    fallback(fallback) {
      metrics?.fallbacks.inc({ from: fallback.from, to: fallback.to, reason: boundedErrorKind(fallback.reason) });
      span?.span.addEvent('payready.fallback', {
        'payready.fallback.from': fallback.from,
        'payready.fallback.to': fallback.to,
        'payready.fallback.reason': fallback.reason,
      });
    },
    end(outcome: AskOutcome) {
      if (!span) return;
      if (!outcome.ok) span.fail(outcome.error, boundedErrorKind(outcome.errorKind));
      span.end({
        ...(outcome.agent ? { 'payready.agent': outcome.agent } : {}),
        ...(outcome.variant ? { 'payready.variant': outcome.variant } : {}),
        'payready.cached': Boolean(outcome.cached),
        ...(outcome.cacheLevel ? { 'payready.cache.level': outcome.cacheLevel } : {}),
      });
    },
  };
}

/** The real sink: prom-client metrics and/or OpenTelemetry spans, whichever it is given. */
export function createTelemetry(options: CreateTelemetryOptions): Telemetry {
  return {
    startAsk: (info = {}) => askScope(options, info),
    ...(options.spans ? { logFields: () => options.spans!.logFields() } : {}),
  };
}
