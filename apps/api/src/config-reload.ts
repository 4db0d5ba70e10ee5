import type { ConfigError, LoadConfigOptions, LoadedConfig, Logger } from '@payready/shared';
import type { ConfigWatcher } from '@payready/shared/config';
import type { ApiContext, ServingState } from './api-context.js';
import { checkBindPolicy } from './bind-policy.js';
import type { LimiterHolder } from './server-resources.js';
import { buildServingState, type ServingStateDeps } from './serving-state.js';

/** What changes while the server runs: the serving state, swapped whole by a valid config change. */
export interface Live {
  state: ServingState;
  limiter: LimiterHolder;
  metrics: ApiContext['metrics'];
  host: string;
  draining: boolean;
}

export interface ConfigReloadOptions extends ServingStateDeps {
  loadOptions: LoadConfigOptions;
  insecure?: boolean;
  logger: Logger;
}

/**
 * The config watcher. A change waits until the server is up (`whenLive`), is ignored when it says nothing new,
 * and replaces the serving state (agents, tokens, limits) only when a complete new one could be built;
 * otherwise it is logged and the previous config stays.
 */
export async function watchServingConfig(
  options: ConfigReloadOptions,
  whenLive: Promise<Live>,
): Promise<ConfigWatcher> {
  const { watchConfig } = await import('@payready/shared/config');
  const { logger } = options;
  let queue = Promise.resolve();
  const rejected = (live: Live | undefined, error: ConfigError | Error) => {
    live?.metrics?.server.configReloads.inc({ result: 'rejected' });
    logger.error('config change rejected; the previous config stays in effect', { error: error.message });
  };
  const apply = async (loaded: LoadedConfig, live: Live) => {
    if (JSON.stringify(loaded.config) === JSON.stringify(live.state.config)) return;
    const next = await buildServingState(loaded.config, live.state.generation + 1, options);
    checkBindPolicy({ host: live.host, insecure: options.insecure === true, tokens: next.tokens.size });
    live.state = next;
    live.limiter.update(next.config);
    live.metrics?.server.configReloads.inc({ result: 'applied' });
    logger.info('config reloaded', { generation: next.generation, files: loaded.files });
  };
  return watchConfig({
    ...options.loadOptions,
    onChange: (loaded) => {
      queue = queue.then(async () => {
        const live = await whenLive;
        await apply(loaded, live).catch((error: unknown) => rejected(live, error as Error));
      });
    },
    onError: (error) => void whenLive.then((live) => rejected(live, error)),
  });
}
