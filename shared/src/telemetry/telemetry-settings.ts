import type { PayReadyConfig } from '../config/schema.js';

export type TraceExporterKind = 'none' | 'otlp' | 'jaeger' | 'console';

/** Where spans go, resolved from `monitoring.tracing` and the standard OTEL_* variables. Pure: loads nothing. */
export interface TracingSettings {
  exporter: TraceExporterKind;
  /** Full OTLP/HTTP traces URL (`…/v1/traces`). */
  otlpUrl: string;
  jaeger: { host: string; port: number };
  serviceName: string;
  /** From OTEL_RESOURCE_ATTRIBUTES (`k=v,k2=v2`); `service.name` is set apart and wins. */
  resourceAttributes: Record<string, string>;
  /** Why the exporter is what it is, for `-v` (e.g. `OTEL_SDK_DISABLED=true`). */
  source: string;
  /** An OTEL_TRACES_EXPORTER value we cannot honour (zipkin, …); tracing is then off. */
  unsupported?: string;
}

export interface TelemetrySettings {
  tracing: TracingSettings;
  /** Pushgateway base URL: the CLI records metrics and pushes them after each ask. */
  pushgateway?: string;
  usageLogMaxBytes: number;
  logPrompts: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;
type Monitoring = PayReadyConfig['monitoring'];

const KINDS = new Set<string>(['none', 'otlp', 'jaeger', 'console']);

// The OTel spec: an empty value means unset.
const envValue = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** The generic endpoint is a base URL that gets `/v1/traces`; the per-signal one is used as is (OTel spec). */
function otlpUrl(env: Env, configured: string | undefined): string {
  const perSignal = envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (perSignal) return perSignal;
  const base = envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? configured ?? 'http://localhost:4318';
  return /\/v1\/traces\/?$/.test(base) ? base : `${base.replace(/\/+$/, '')}/v1/traces`;
}

function resourceAttributes(env: Env): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of (envValue(env, 'OTEL_RESOURCE_ATTRIBUTES') ?? '').split(',')) {
    const split = pair.indexOf('=');
    if (split <= 0) continue;
    try {
      attributes[decodeURIComponent(pair.slice(0, split).trim())] = decodeURIComponent(pair.slice(split + 1).trim());
    } catch {
      // A malformed percent-escape: the spec says to discard the whole value; one pair is enough here.
    }
  }
  return attributes;
}

function exporterChoice(
  env: Env,
  configured: TraceExporterKind,
): Pick<TracingSettings, 'exporter' | 'source' | 'unsupported'> {
  if (envValue(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true')
    return { exporter: 'none', source: 'OTEL_SDK_DISABLED=true' };
  const fromEnv = envValue(env, 'OTEL_TRACES_EXPORTER');
  if (fromEnv === undefined) return { exporter: configured, source: 'monitoring.tracing.exporter' };
  // A list is allowed (`otlp,console`); we run one exporter: the first we support.
  const values = fromEnv.split(',').map((value) => value.trim().toLowerCase());
  const supported = values.find((value) => KINDS.has(value));
  if (supported) return { exporter: supported as TraceExporterKind, source: 'OTEL_TRACES_EXPORTER' };
  return { exporter: 'none', source: 'OTEL_TRACES_EXPORTER', unsupported: fromEnv };
}

export function resolveTelemetrySettings(monitoring: Monitoring, env: Env): TelemetrySettings {
  const tracing = monitoring.tracing;
  return {
    tracing: {
      ...exporterChoice(env, tracing.exporter),
      otlpUrl: otlpUrl(env, tracing.endpoint),
      jaeger: { host: tracing.jaeger_host, port: tracing.jaeger_port },
      serviceName: envValue(env, 'OTEL_SERVICE_NAME') ?? tracing.service_name,
      resourceAttributes: resourceAttributes(env),
    },
    ...(monitoring.pushgateway ? { pushgateway: monitoring.pushgateway } : {}),
    usageLogMaxBytes: monitoring.usage_log_max_bytes,
    logPrompts: monitoring.log_prompts,
  };
}
