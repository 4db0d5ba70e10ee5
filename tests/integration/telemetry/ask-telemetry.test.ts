import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache, DiskLevel, MemoryLevel, runAsk, type AskOptions } from '@payready/core';
import { createMockAgentPlugin, createMockRegistry } from '@payready/core/testing';
import { resolveTelemetrySettings, type PayReadyConfig } from '@payready/shared';
import { createMemorySpanExporter, createTelemetryRuntime, type TelemetryRuntime } from '@payready/shared/telemetry';
import { repoRoot } from '../../test-utils/src/index.js';

// runAsk with the real cache, executor, prom-client registry and an in-memory span exporter: the metric
// values after a miss, a hit, a fallback and an error, and the spans each ask leaves.
let dir: string;
let config: PayReadyConfig;
let runtime: TelemetryRuntime;
let exporter: Awaited<ReturnType<typeof createMemorySpanExporter>>;
let ask: (text: string) => Promise<unknown>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payready-ask-telemetry-'));
  const { loadConfig } = await import('@payready/shared/config');
  config = (
    await loadConfig({
      builtinDir: join(repoRoot, 'config'),
      env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') },
      cwd: dir,
      overrides: {
        'routing.max_retries': { value: 0, source: 'test' },
        'routing.default_agent': { value: 'beta', source: 'test' },
      },
    })
  ).config;
  exporter = await createMemorySpanExporter();
  runtime = await createTelemetryRuntime({
    settings: resolveTelemetrySettings(config.monitoring, {}),
    metrics: true,
    exporter,
    processor: 'simple',
  });
  const alpha = createMockAgentPlugin({
    name: 'alpha',
    score: 0.9,
    steps: [
      { text: 'first' },
      { error: { kind: 'overloaded', message: 'busy' } },
      { error: { kind: 'bad_request', message: 'no' } },
    ],
  });
  const beta = createMockAgentPlugin({ name: 'beta', score: 0.1, steps: [{ text: 'from beta' }] });
  const registry = createMockRegistry([alpha, beta], { alpha: { model: 'alpha-large' } });
  const cache = new AnswerCache({
    memory: new MemoryLevel({ maxEntries: 10, maxBytes: 100_000 }),
    disk: new DiskLevel({ dir: join(dir, 'answers'), maxBytes: 1_000_000 }),
  });
  ask = (text) => {
    const options: AskOptions = {
      registry,
      config,
      query: { prompt: text, text },
      text,
      persona: { name: 'default', source: 'built-in' },
      signal: new AbortController().signal,
      cache,
      telemetry: runtime.telemetry,
    };
    return runAsk(options);
  };
  await ask('the question'); // miss, alpha answers
  await ask('the question'); // memory hit
  await ask('another question'); // miss, alpha overloaded → beta
  await ask('a third question').catch(() => undefined); // miss, alpha bad_request → stop
  await new Promise((resolve) => setImmediate(resolve)); // let the last cache writes end their spans
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('metrics after scripted asks (read from the registry text)', () => {
  it('counts requests, errors, fallbacks, tokens, cache hits and misses', async () => {
    const text = await runtime.metrics!.registry.metrics();
    const expected = [
      'ai_requests_total{tool="alpha",status="success",variant="stable"} 1',
      'ai_requests_total{tool="alpha",status="error",variant="stable"} 2',
      'ai_requests_total{tool="beta",status="success",variant="stable"} 1',
      'ai_errors_total{tool="alpha",error_type="overloaded",variant="stable"} 1',
      'ai_errors_total{tool="alpha",error_type="bad_request",variant="stable"} 1',
      'ai_fallbacks_total{from="alpha",to="beta",reason="overloaded"} 1',
      'ai_cache_hits_total{cache_type="memory"} 1',
      'ai_cache_misses_total 3',
      'ai_tokens_total{tool="alpha",direction="input",variant="stable"} 3',
      'ai_tokens_total{tool="beta",direction="output",variant="stable"} 5',
      'ai_active_requests{tool="alpha",variant="stable"} 0',
      'ai_request_duration_seconds_count{tool="alpha",variant="stable"} 3',
      'ai_route_duration_seconds_count 4',
    ];
    for (const line of expected) expect(text).toContain(line);
    expect(text).not.toMatch(/question|alpha-large|busy/);
  });
});

describe('spans after scripted asks (in-memory exporter)', () => {
  const traces = () => {
    const byTrace = new Map<string, ReturnType<typeof exporter.getFinishedSpans>>();
    for (const span of exporter.getFinishedSpans()) {
      const id = span.spanContext().traceId;
      byTrace.set(id, [...(byTrace.get(id) ?? []), span]);
    }
    return [...byTrace.values()];
  };

  it('one trace per ask, every span a child of payready.ask', () => {
    const all = traces();
    expect(all).toHaveLength(4);
    for (const spans of all) {
      const root = spans.find((span) => span.name === 'payready.ask')!;
      expect(root.parentSpanContext).toBeUndefined();
      for (const span of spans.filter((candidate) => candidate !== root))
        expect(span.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    }
    expect(all.map((spans) => spans.map((span) => span.name).sort())).toEqual([
      ['chat alpha-large', 'payready.ask', 'payready.cache.get', 'payready.cache.set', 'payready.route'],
      ['payready.ask', 'payready.cache.get', 'payready.route'],
      ['chat', 'chat alpha-large', 'payready.ask', 'payready.cache.get', 'payready.cache.set', 'payready.route'],
      ['chat alpha-large', 'payready.ask', 'payready.cache.get', 'payready.route'],
    ]);
  });

  it('the hit, the fallback and the failure are visible on the spans', () => {
    const [miss, hit, fallback, failure] = traces();
    const attrs = (spans: typeof miss, name: string) => spans!.find((span) => span.name === name)!.attributes;
    expect(attrs(miss, 'chat alpha-large')).toMatchObject({
      'gen_ai.request.model': 'alpha-large',
      'gen_ai.response.model': 'alpha-model',
      'gen_ai.usage.input_tokens': 3,
    });
    expect(attrs(hit, 'payready.cache.get')).toMatchObject({
      'payready.cache.hit': true,
      'payready.cache.level': 'memory',
    });
    expect(attrs(hit, 'payready.ask')).toMatchObject({
      'payready.cached': true,
      'payready.cache.level': 'memory',
      'payready.agent': 'alpha',
    });
    const root = fallback!.find((span) => span.name === 'payready.ask')!;
    expect(root.events.find((event) => event.name === 'payready.fallback')?.attributes).toMatchObject({
      'payready.fallback.from': 'alpha',
      'payready.fallback.to': 'beta',
    });
    const stopped = failure!.find((span) => span.name === 'payready.ask')!;
    expect(stopped.status).toMatchObject({ code: 2, message: 'bad_request' });
    expect(stopped.attributes).toMatchObject({ 'error.type': 'bad_request', 'payready.agent': 'alpha' });
  });
});
