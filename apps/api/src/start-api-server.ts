import { setMaxListeners } from 'node:events';
import type { AgentPaths } from '@payready/agent-contract';
import type { LoadConfigOptions, Logger, PayReadyConfig } from '@payready/shared';
import type { ApiContext } from './api-context.js';
import { checkBindPolicy } from './bind-policy.js';
import { IpcTokenBucket } from './cluster/ipc-token-bucket.js';
import type { PrimaryChannel } from './cluster/primary-channel.js';
import { watchServingConfig, type Live } from './config-reload.js';
import { registerWithConsul } from './consul-registration.js';
import { createApiApp } from './create-api-app.js';
import { drain } from './drain.js';
import { InFlight } from './in-flight.js';
import { LimiterHolder, serverBreaker, serverCache, serverTelemetry } from './server-resources.js';
import { buildServingState, type ServingStateDeps } from './serving-state.js';
import { serverUrl } from './server-url.js';

export interface ApiServerOptions extends ServingStateDeps {
  /** The config chain, as the CLI loads it; watched for changes. */
  loadOptions: LoadConfigOptions;
  /** --host / --port: win over server.host / server.port. */
  host?: string;
  port?: number;
  /** Listen beyond loopback without tokens. */
  insecure?: boolean;
  personaDirs: { builtin: string; user: string };
  version: string;
  logger: Logger;
  paths: AgentPaths;
  /**
   * Set in a worker of `serve --workers N`: rate limits (without Redis) and /metrics go through the primary,
   * which also does the Consul registration for the instance.
   */
  primary?: PrimaryChannel;
}

export interface ApiServer {
  /** `http://host:port` as bound. */
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish within server.shutdown_grace, then releases everything. */
  shutdown(reason: string): Promise<void>;
}

async function createContext(
  options: ApiServerOptions,
  live: Live,
  shutdown: AbortSignal,
): Promise<{ context: ApiContext; release(): Promise<unknown> }> {
  const { config } = live.state;
  const telemetry = await serverTelemetry({
    config,
    env: options.env,
    version: options.version,
    logger: options.logger,
    ...(options.primary ? { primary: options.primary } : {}),
  });
  live.metrics = telemetry.metrics;
  const cache = serverCache({
    config,
    env: options.env,
    cacheDir: options.paths.cacheDir,
    stateDir: options.paths.stateDir,
    logger: options.logger,
  });
  const breaker = serverBreaker(config);
  const context: ApiContext = {
    state: () => live.state,
    limiter: () => live.limiter.current(),
    ...(cache ? { cache } : {}),
    ...(breaker ? { breaker } : {}),
    telemetry: telemetry.telemetry,
    ...(telemetry.metrics ? { metrics: telemetry.metrics } : {}),
    logger: options.logger,
    paths: options.paths,
    personaDirs: options.personaDirs,
    shutdownSignal: shutdown,
    draining: () => live.draining,
    redisReachable: () => live.limiter.redisReachable() ?? Promise.resolve(true),
  };
  if (live.limiter.redisReachable() === undefined) delete context.redisReachable;
  return {
    context,
    release: () =>
      Promise.allSettled([live.limiter.close(), cache?.close(), telemetry.runtime?.finish({ timeoutMs: 2000 })]),
  };
}

/** `payready serve`: loads and watches the config, listens, registers with Consul, drains on shutdown. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { logger, primary } = options;
  let goLive: (live: Live) => void = () => undefined;
  const whenLive = new Promise<Live>((resolve) => (goLive = resolve));
  const watcher = await watchServingConfig(options, whenLive);
  try {
    const initial: PayReadyConfig = watcher.current().config;
    const host = options.host ?? initial.server.host;
    const state = await buildServingState(initial, 0, options);
    checkBindPolicy({ host, insecure: options.insecure === true, tokens: state.tokens.size });
    const live: Live = {
      state,
      limiter: new LimiterHolder(initial, options.env, logger, primary ? () => new IpcTokenBucket(primary) : undefined),
      metrics: undefined,
      host,
      draining: false,
    };
    const abort = new AbortController();
    // Every request in flight listens for the shutdown: hundreds are normal, not a leak.
    setMaxListeners(0, abort.signal);
    const { context, release } = await createContext(options, live, abort.signal);
    const inFlight = new InFlight();
    const app = await createApiApp({ context, bodyLimitBytes: initial.server.body_limit_bytes, inFlight });
    await app.listen({ host, port: options.port ?? initial.server.port });
    goLive(live);
    const port = (app.server.address() as { port: number }).port;
    const url = serverUrl(host, port);
    // A worker's listening is the primary's to announce, once for all of them.
    logger[primary ? 'debug' : 'info']('listening', {
      url,
      agents: state.registry.enabled().map((agent) => agent.name),
      auth: state.tokens.size > 0,
    });
    // A worker's instance is the primary's to register.
    const consul = primary
      ? undefined
      : await registerWithConsul({ config: initial, env: options.env, host, port, version: options.version, logger });
    const shutdown = drain({
      app,
      live,
      inFlight,
      abort,
      logger,
      release: () => Promise.allSettled([watcher.close(), release()]),
      ...(consul ? { consul } : {}),
    });
    return { url, port, shutdown };
  } catch (error) {
    await watcher.close();
    throw error;
  }
}
