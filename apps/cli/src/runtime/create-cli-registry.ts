import { createRegistry, type AgentRegistry } from '@payready/core';
import { createStderrLogger, type Logger, type PayReadyConfig } from '@payready/shared';
import type { CliIO } from '../cli-io.js';
import { cliPaths } from './cli-paths.js';
import { createCliKeyResolver } from './key-resolver.js';

export interface CliRuntime {
  config: PayReadyConfig;
  registry: AgentRegistry;
  logger: Logger;
}

export function cliLogger(
  io: CliIO,
  config: PayReadyConfig,
  options: { quiet?: boolean; verbose?: boolean; context?: () => Record<string, unknown> | undefined } = {},
): Logger {
  const level = options.quiet ? 'error' : options.verbose ? 'debug' : config.app.log_level;
  // With tracing on, `context` adds the current trace_id / span_id to each line.
  return createStderrLogger({ level, stream: io.stderr, ...(options.context ? { context: options.context } : {}) });
}

/** Plugins discovered and configured; every failed plugin reported once on stderr. */
export async function createCliRegistry(io: CliIO, config: PayReadyConfig, logger: Logger): Promise<AgentRegistry> {
  const paths = cliPaths(io);
  const registry = await createRegistry({
    config,
    env: io.env,
    paths,
    logger,
    resolveKey: createCliKeyResolver(io, config),
    baseDir: paths.projectRoot ?? io.cwd,
  });
  for (const failure of registry.failures) {
    logger.warn(`plugin ${failure.source} was not loaded: ${failure.reason}`);
  }
  return registry;
}
