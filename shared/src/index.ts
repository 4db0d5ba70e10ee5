// Runtime-light entry: nothing here may import zod, yaml, pino, prom-client or OpenTelemetry at module load,
// since the CLI's cold start goes through it. Heavy pieces are reached through dynamic import().
export * from './errors/index.js';
export * from './paths/index.js';
export * from './node/index.js';
export { durationToMs } from './config/duration.js';
export type { PayReadyConfig, PayReadyConfigInput } from './config/schema.js';
export type { Origin, LoadConfigOptions, LoadedConfig } from './config/types.js';
export * from './intent/index.js';
export * from './logging/index.js';
export * from './telemetry/index.js';
export * from './redact/index.js';
