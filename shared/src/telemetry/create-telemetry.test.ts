import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createTelemetryRuntime } from './runtime.js';
import { resolveTelemetrySettings } from './telemetry-settings.js';
import type { PayReadyConfig } from '../config/schema.js';
import { track, type AskTelemetry } from './telemetry.js';

const monitoring = {
  enabled: false,
  metrics_port: 9090,
  log_prompts: false,
  usage_log_max_bytes: 1000,
  tracing: { exporter: 'none', jaeger_host: 'localhost', jaeger_port: 6832, service_name: 'payready-test' },
} as PayReadyConfig['monitoring'];

async function runtimeWithMemory() {
  const exporter = new InMemorySpanExporter();
  const runtime = await createTelemetryRuntime({
    settings: resolveTelemetrySettings(monitoring, {}),
    metrics: true,
    exporter,
    processor: 'simple',
  });
  return { runtime, exporter };
}

/** An ask as the executor and the cache drive it: miss, a rate-limited claude, fallback to codex, stored. */
async function scriptedAsk(ask: AskTelemetry): Promise<void> {
  ask.routeDecided({ chosen: 'claude', reason: 'threshold', micros: 12, score: 0.9 });
  await track(ask.cacheGet(), async () => undefined, {
    value: () => ({ hit: false }),
    error: () => ({ hit: false, failed: true }),
  });
  const limited = Object.assign(new Error('slow down, prompt was "secret plans"'), { kind: 'rate_limit' });
  await track(ask.attempt({ agent: 'claude', attempt: 0, model: 'claude-sonnet-4-5' }), () => Promise.reject(limited), {
    value: () => ({ ok: true }),
    error: (error) => ({ ok: false, errorKind: 'rate_limit', error }),
  }).catch(() => undefined);
  ask.fallback({ from: 'claude', to: 'codex', reason: 'rate_limit' });
  await track(
    ask.attempt({ agent: 'codex', attempt: 0, model: 'gpt-5-mini', variant: 'canary' }),
    async () => 'answer',
    {
      value: () => ({
        ok: true,
        inputTokens: 11,
        outputTokens: 7,
        finishReason: 'stop',
        responseModel: 'gpt-5-mini-2025',
      }),
      error: () => ({ ok: false }),
    },
  );
  await track(ask.cacheSet(), async () => undefined, {
    value: () => ({ ok: true, levels: ['memory', 'disk'] }),
    error: () => ({ ok: false }),
  });
  ask.end({ ok: true, agent: 'codex', variant: 'canary', cached: false });
}

const byName = (spans: ReadableSpan[], name: string) => spans.find((span) => span.name === name)!;

describe('createTelemetry: metrics', () => {
  it('records the seed metrics with bounded labels', async () => {
    const { runtime } = await runtimeWithMemory();
    await scriptedAsk(runtime.telemetry.startAsk());
    const hit = runtime.telemetry.startAsk();
    await track(hit.cacheGet(), async () => ({ level: 'redis' }), {
      value: (value) => ({ hit: true, level: value.level }),
      error: () => ({ hit: false }),
    });
    hit.end({ ok: true, agent: 'claude', cached: true, cacheLevel: 'redis' });
    const text = await runtime.metrics!.registry.metrics();
    // Every per-attempt metric says which side of the agent's canary split ran: stable unless told.
    expect(text).toContain('ai_requests_total{tool="claude",status="error",variant="stable"} 1');
    expect(text).toContain('ai_requests_total{tool="codex",status="success",variant="canary"} 1');
    expect(text).toContain('ai_errors_total{tool="claude",error_type="rate_limit",variant="stable"} 1');
    expect(text).toContain('ai_fallbacks_total{from="claude",to="codex",reason="rate_limit"} 1');
    expect(text).toContain('ai_tokens_total{tool="codex",direction="input",variant="canary"} 11');
    expect(text).toContain('ai_tokens_total{tool="codex",direction="output",variant="canary"} 7');
    expect(text).toContain('ai_cache_hits_total{cache_type="redis"} 1');
    expect(text).toContain('ai_cache_misses_total 1');
    expect(text).toContain('ai_active_requests{tool="codex",variant="canary"} 0');
    expect(text).toContain('ai_request_duration_seconds_bucket{le="0.05",tool="codex",variant="canary"} 1');
    expect(text).toContain('ai_request_duration_seconds_bucket{le="120",tool="codex",variant="canary"} 1');
    expect(text).toContain('ai_route_duration_seconds_count 1');
    // Never a prompt, a model or a message in a label.
    expect(text).not.toMatch(/secret plans|gpt-5|claude-sonnet|slow down/);
  });

  it('counts an unknown error kind as `error`', async () => {
    const { runtime } = await runtimeWithMemory();
    const ask = runtime.telemetry.startAsk();
    ask.attempt({ agent: 'alpha', attempt: 0 }).end({ ok: false, errorKind: 'exploded: sk-123' });
    expect(await runtime.metrics!.registry.metrics()).toContain(
      'ai_errors_total{tool="alpha",error_type="error",variant="stable"} 1',
    );
  });
});

describe('createTelemetry: spans', () => {
  it('payready.ask is the root of route, cache and GenAI attempt spans', async () => {
    const { runtime, exporter } = await runtimeWithMemory();
    await scriptedAsk(runtime.telemetry.startAsk({ forcedAgent: 'claude' }));
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name).sort()).toEqual(
      [
        'chat claude-sonnet-4-5',
        'chat gpt-5-mini',
        'payready.ask',
        'payready.cache.get',
        'payready.cache.set',
        'payready.route',
      ].sort(),
    );
    const root = byName(spans, 'payready.ask');
    expect(root.parentSpanContext).toBeUndefined();
    for (const span of spans.filter((candidate) => candidate !== root)) {
      expect(span.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(root.spanContext().traceId);
    }
    expect(root.attributes).toMatchObject({
      'payready.agent': 'codex',
      'payready.variant': 'canary',
      'payready.cached': false,
      'payready.forced_agent': 'claude',
    });
    expect(root.events.map((event) => event.name)).toContain('payready.fallback');
    expect(byName(spans, 'payready.route').attributes).toMatchObject({
      'payready.route.chosen': 'claude',
      'payready.route.reason': 'threshold',
    });
    expect(byName(spans, 'payready.cache.get').attributes).toMatchObject({ 'payready.cache.hit': false });
    expect(byName(spans, 'payready.cache.set').attributes).toMatchObject({
      'payready.cache.levels': ['memory', 'disk'],
    });
  });

  it('attempt spans follow the GenAI conventions; failures carry error status and an exception event', async () => {
    const { runtime, exporter } = await runtimeWithMemory();
    await scriptedAsk(runtime.telemetry.startAsk());
    const spans = exporter.getFinishedSpans();
    const ok = byName(spans, 'chat gpt-5-mini');
    expect(ok.kind).toBe(2); // CLIENT
    expect(ok.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-5-mini',
      'gen_ai.response.model': 'gpt-5-mini-2025',
      'payready.variant': 'canary',
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 7,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(ok.status.code).not.toBe(2);
    const failed = byName(spans, 'chat claude-sonnet-4-5');
    expect(failed.attributes).toMatchObject({ 'gen_ai.provider.name': 'anthropic', 'error.type': 'rate_limit' });
    expect(failed.status).toMatchObject({ code: 2, message: 'rate_limit' });
    expect(failed.events[0]?.name).toBe('exception');
    expect(failed.events[0]?.attributes?.['exception.message']).toContain('slow down');
  });

  it('log fields name the span whose run() we are in', async () => {
    const { runtime } = await runtimeWithMemory();
    const ask = runtime.telemetry.startAsk();
    expect(runtime.telemetry.logFields!()).toBeUndefined();
    const inside = await ask.run(async () => {
      await Promise.resolve();
      return runtime.telemetry.logFields!();
    });
    expect(inside).toEqual({
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    ask.end({ ok: true });
  });
});
