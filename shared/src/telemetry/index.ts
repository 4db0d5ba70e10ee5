// The light half of telemetry, re-exported by `@payready/shared`: the sink interface, its no-op, the one
// wrapper, settings and the usage log. Nothing here imports prom-client or OpenTelemetry; those live behind
// `@payready/shared/telemetry` (runtime.ts), loaded with import() only when metrics or tracing are on.
export { noopTelemetry, track, cacheGetOutcome } from './telemetry.js';
export type {
  Telemetry,
  AskTelemetry,
  TelemetryScope,
  AskStart,
  AskOutcome,
  RouteInfo,
  CacheGetOutcome,
  CacheSetOutcome,
  AttemptInfo,
  AttemptOutcome,
  FallbackInfo,
  OutcomeOf,
} from './telemetry.js';
export { boundedErrorKind, errorKindOf, ERROR_KINDS } from './error-kind.js';
export { resolveTelemetrySettings } from './telemetry-settings.js';
export type { TelemetrySettings, TracingSettings, TraceExporterKind } from './telemetry-settings.js';
export { appendUsageRecord, usageLogPath, USAGE_LOG_NAME } from './usage-log.js';
export type { UsageRecord } from './usage-log.js';
export { readUsageRecords, summariseUsage } from './usage-stats.js';
export type { AgentUsage, UsageSummary } from './usage-stats.js';
export { compareCanary } from './canary-usage.js';
export type { CanaryComparison, VariantUsage } from './canary-usage.js';
