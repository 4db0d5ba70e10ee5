import { createRegistry, type AgentRegistry } from '@payready/core';
import {
  createStderrLogger,
  processRedactor,
  rememberSecret,
  type Logger,
  type PayReadyConfig,
} from '@payready/shared';
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
  for (const literal of config.security.redact) rememberSecret(literal);
  // With tracing on, `context` adds the current trace_id / span_id to each line. The redactor is looked up
  // per line: keys resolved from the store after this logger was made are scrubbed too.
  return createStderrLogger({
    level,
    stream: io.stderr,
    scrub: (text) => processRedactor(io.env)(text),
    ...(options.context ? { context: options.context } : {}),
  });
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
