import { join } from 'node:path';
import type { AskResult, RouteDecision } from '@payready/core';
import {
  appendUsageRecord,
  errorKindOf,
  noopTelemetry,
  resolveTelemetrySettings,
  type Logger,
  type PayReadyConfig,
  type Telemetry,
  type TelemetrySettings,
  type UsageRecord,
} from '@payready/shared';
import type { TelemetryRuntime } from '@payready/shared/telemetry';
import type { CliIO } from '../cli-io.js';
import { VERSION } from '../version.js';
import { cliPaths } from './cli-paths.js';

/** The CLI waits at most this long at exit for spans and the metrics push, together. */
export const EXIT_FLUSH_MS = 2000;

export interface AskEnding {
  result?: AskResult;
  error?: unknown;
  decision?: RouteDecision;
  prompt: string;
  /** performance.now() when the ask began. */
  started: number;
}

export interface CliTelemetry {
  telemetry: Telemetry;
  /** trace_id / span_id for log lines, when tracing is on. */
  logFields?: () => Record<string, string> | undefined;
  /** Appends this ask's line to the usage log. Never throws. */
  recordUsage(ending: AskEnding, logger: Logger): void;
  /** Flushes spans and pushes metrics, waiting at most EXIT_FLUSH_MS. Never throws. */
  finish(logger: Logger): Promise<void>;
}

function usageRecord(ending: AskEnding, options: { logPrompts: boolean }): UsageRecord {
  const { result } = ending;
  const attempts =
    result?.attempts ?? (ending.error as { attempts?: AskResult['attempts'] } | undefined)?.attempts ?? [];
  const agents = new Set(attempts.map((attempt) => attempt.agent));
  // A cached answer spent no tokens this time.
  const usage = result && !result.cached ? result.usage : null;
  return {
    time: new Date(performance.timeOrigin + ending.started).toISOString(),
    agent: result?.agent ?? attempts.at(-1)?.agent ?? ending.decision?.chosen ?? null,
    model: result?.model ?? null,
    status: result ? 'ok' : 'error',
    error: result ? null : errorKindOf(ending.error),
    ms: Math.round((result?.durationMs ?? performance.now() - ending.started) * 10) / 10,
    cache: result?.cached ? (result.cacheLevel ?? null) : null,
    input_tokens: usage?.inputTokens ?? 0,
    output_tokens: usage?.outputTokens ?? 0,
    fallbacks: Math.max(0, agents.size - 1),
    variant: result?.variant ?? attempts.at(-1)?.variant ?? 'stable',
    chosen: ending.decision?.chosen ?? null,
    chosen_variant: ending.decision?.variant ?? 'stable',
    ...(options.logPrompts ? { prompt: ending.prompt } : {}),
  };
}

/** Metrics and/or tracing loaded only when configured; a failure to load them leaves the ask untouched. */
async function loadRuntime(io: CliIO, settings: TelemetrySettings): Promise<TelemetryRuntime | undefined> {
  if (settings.tracing.unsupported)
    io.stderr.write(
      `payready: warn: OTEL_TRACES_EXPORTER=${settings.tracing.unsupported} is not supported (otlp, jaeger, console, none); tracing is off\n`,
    );
  if (settings.tracing.exporter === 'none' && settings.pushgateway === undefined) return undefined;
  try {
    const { createTelemetryRuntime } = await import('@payready/shared/telemetry');
    return await createTelemetryRuntime({ settings, serviceVersion: VERSION, stream: io.stderr });
  } catch (error) {
    io.stderr.write(`payready: warn: telemetry is off: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}

/**
 * The CLI's telemetry for one ask. With tracing off and no Pushgateway nothing is imported: core gets
 * `noopTelemetry`. The usage log is written either way.
 */
export async function startCliTelemetry(io: CliIO, config: PayReadyConfig): Promise<CliTelemetry> {
  const settings = resolveTelemetrySettings(config.monitoring, io.env);
  const runtime = await loadRuntime(io, settings);
  const logFields = runtime?.telemetry.logFields?.bind(runtime.telemetry);
  const stateDir = cliPaths(io).stateDir;
  return {
    telemetry: runtime?.telemetry ?? noopTelemetry,
    ...(logFields ? { logFields } : {}),
    recordUsage(ending, logger) {
      try {
        const record = usageRecord(ending, { logPrompts: settings.logPrompts });
        appendUsageRecord({ stateDir, record, maxBytes: settings.usageLogMaxBytes });
      } catch (error) {
        logger.debug(`usage log not written: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    async finish(logger) {
      if (!runtime) return;
      const problems = await runtime.finish({
        timeoutMs: EXIT_FLUSH_MS,
        totalsFile: join(stateDir, 'metrics-totals.json'),
      });
      for (const problem of problems) logger.warn(problem);
    },
  };
}
