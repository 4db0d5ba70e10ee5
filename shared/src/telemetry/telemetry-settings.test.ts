import { describe, expect, it } from 'vitest';
import type { PayReadyConfig } from '../config/schema.js';
import { resolveTelemetrySettings } from './telemetry-settings.js';

function monitoring(
  tracing: Partial<PayReadyConfig['monitoring']['tracing']> = {},
  rest: Partial<PayReadyConfig['monitoring']> = {},
): PayReadyConfig['monitoring'] {
  return {
    enabled: false,
    metrics_port: 9090,
    log_prompts: false,
    usage_log_max_bytes: 1000,
    ...rest,
    tracing: { exporter: 'none', jaeger_host: 'localhost', jaeger_port: 6832, service_name: 'payready', ...tracing },
  } as PayReadyConfig['monitoring'];
}

describe('resolveTelemetrySettings', () => {
  it('is off by default, with the OTLP default endpoint ready', () => {
    const settings = resolveTelemetrySettings(monitoring(), {});
    expect(settings.tracing).toMatchObject({
      exporter: 'none',
      otlpUrl: 'http://localhost:4318/v1/traces',
      serviceName: 'payready',
    });
    expect(settings.pushgateway).toBeUndefined();
  });

  it('OTEL_SDK_DISABLED=true wins over everything', () => {
    const settings = resolveTelemetrySettings(monitoring({ exporter: 'otlp' }), {
      OTEL_SDK_DISABLED: 'TRUE',
      OTEL_TRACES_EXPORTER: 'console',
    });
    expect(settings.tracing).toMatchObject({ exporter: 'none', source: 'OTEL_SDK_DISABLED=true' });
  });

  it('OTEL_TRACES_EXPORTER overrides the config; the first supported value of a list is used', () => {
    expect(
      resolveTelemetrySettings(monitoring({ exporter: 'jaeger' }), { OTEL_TRACES_EXPORTER: 'otlp' }).tracing.exporter,
    ).toBe('otlp');
    expect(resolveTelemetrySettings(monitoring(), { OTEL_TRACES_EXPORTER: 'zipkin,console' }).tracing.exporter).toBe(
      'console',
    );
    const unsupported = resolveTelemetrySettings(monitoring({ exporter: 'otlp' }), {
      OTEL_TRACES_EXPORTER: 'zipkin',
    }).tracing;
    expect(unsupported).toMatchObject({ exporter: 'none', unsupported: 'zipkin' });
    // An empty value is unset (OTel spec).
    expect(
      resolveTelemetrySettings(monitoring({ exporter: 'otlp' }), { OTEL_TRACES_EXPORTER: '' }).tracing.exporter,
    ).toBe('otlp');
  });

  it('the generic OTLP endpoint gets /v1/traces, the per-signal one is used as is, env before config', () => {
    expect(resolveTelemetrySettings(monitoring({ endpoint: 'http://collector:4318/' }), {}).tracing.otlpUrl).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(resolveTelemetrySettings(monitoring({ endpoint: 'http://c:4318/v1/traces' }), {}).tracing.otlpUrl).toBe(
      'http://c:4318/v1/traces',
    );
    expect(
      resolveTelemetrySettings(monitoring({ endpoint: 'http://c:1' }), {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
      }).tracing.otlpUrl,
    ).toBe('http://jaeger:4318/v1/traces');
    expect(
      resolveTelemetrySettings(monitoring(), {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b/custom',
      }).tracing.otlpUrl,
    ).toBe('http://b/custom');
  });

  it('OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES', () => {
    const tracing = resolveTelemetrySettings(monitoring({ service_name: 'from-config' }), {
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod, team=ai%20ops,broken',
    }).tracing;
    expect(tracing.serviceName).toBe('from-env');
    expect(tracing.resourceAttributes).toEqual({ 'deployment.environment': 'prod', team: 'ai ops' });
  });

  it('carries the Pushgateway, the usage-log bound and log_prompts', () => {
    const settings = resolveTelemetrySettings(
      monitoring({}, { pushgateway: 'http://pg:9091', log_prompts: true, usage_log_max_bytes: 77 }),
      {},
    );
    expect(settings).toMatchObject({ pushgateway: 'http://pg:9091', logPrompts: true, usageLogMaxBytes: 77 });
  });
});
