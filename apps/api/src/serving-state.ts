import type { AgentPaths } from '@payready/agent-contract';
import { createRegistry, type KeyResolver } from '@payready/core';
import type { Logger, PayReadyConfig } from '@payready/shared';
import type { ServingState } from './api-context.js';
import { createTokenTable } from './token-table.js';

export interface ServingStateDeps {
  env: Readonly<Record<string, string | undefined>>;
  paths: AgentPaths;
  logger: Logger;
  /** The credential lookup for a config (env first, then the key store the config names). */
  keyResolverFor: (config: PayReadyConfig) => KeyResolver;
  /** Directory relative plugins.paths resolve against. */
  baseDir: string;
}

/** Agents (plugins loaded, init run) and tokens for one config. Throws on a config that cannot serve. */
export async function buildServingState(
  config: PayReadyConfig,
  generation: number,
  deps: ServingStateDeps,
): Promise<ServingState> {
  const tokens = createTokenTable(config);
  const registry = await createRegistry({
    config,
    env: deps.env,
    paths: deps.paths,
    logger: deps.logger,
    resolveKey: deps.keyResolverFor(config),
    baseDir: deps.baseDir,
  });
  for (const failure of registry.failures)
    deps.logger.warn(`plugin ${failure.source} was not loaded: ${failure.reason}`);
  return { config, registry, tokens, generation };
}
