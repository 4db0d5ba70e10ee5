import { checkAgents, checkServices, HEALTH_TIMEOUT_MS } from '@payready/core';
import { durationToMs, ExitCode, UsageError } from '@payready/shared';
import type { CliIO } from '../cli-io.js';
import { doctorReport } from '../render/doctor-report.js';
import { formatDoctorTable } from '../render/doctor-table.js';
import { cliLogger, createCliRegistry } from '../runtime/create-cli-registry.js';
import { loadCliConfig } from '../runtime/load-cli-config.js';

export interface DoctorOptions {
  json?: boolean;
  config?: string;
  /** Bound on each check, e.g. `5s`; default 2 s. */
  timeout?: string;
}

function timeoutMs(value: string | undefined): number {
  if (value === undefined) return HEALTH_TIMEOUT_MS;
  try {
    const ms = durationToMs(value);
    if (ms > 0) return ms;
  } catch {
    // reported below
  }
  throw new UsageError(`--timeout ${JSON.stringify(value)} is not a duration`, { hint: 'use e.g. --timeout 5s' });
}

/**
 * `payready doctor`: every agent (enabled, key and where it came from, base URL reachable, model listed),
 * Redis and the tracing endpoint when configured. Each check is bounded (2 s unless --timeout) and they run
 * in parallel.
 * Exit 0 when every enabled agent is usable, 1 otherwise; Redis and tracing are reported but do not change
 * the exit code, as an ask works without them.
 */
export async function doctorCommand(options: DoctorOptions, io: CliIO): Promise<number> {
  const boundMs = timeoutMs(options.timeout);
  const { config } = await loadCliConfig(io, options.config ? { file: options.config } : {});
  const logger = cliLogger(io, config);
  const registry = await createCliRegistry(io, config, logger);
  const [agents, services] = await Promise.all([
    checkAgents(registry, { timeoutMs: boundMs }),
    checkServices({ config, env: io.env, timeoutMs: boundMs }),
  ]);
  const report = doctorReport({ agents, services, failures: registry.failures });
  if (options.json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
    io.stdout.write(formatDoctorTable(report, { marks: Boolean(io.stdout.isTTY) && !noColor }));
  }
  return report.ok ? ExitCode.ok : ExitCode.failed;
}
