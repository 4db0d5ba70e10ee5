import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { durationToMs, UsageError, xdgPaths, type LoadConfigOptions, type Logger } from '@payready/shared';
import type { CliIO } from '../cli-io.js';
import { cliPaths } from '../runtime/cli-paths.js';
import { createCliKeyResolver } from '../runtime/key-resolver.js';
import { VERSION } from '../version.js';

export interface ServeCommandOptions {
  host?: string;
  port?: string;
  insecure?: boolean;
  workers?: string;
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`--port must be a port number (0-65535), got ${JSON.stringify(value)}`);
  return port;
}

const MAX_WORKERS = 256;

/** --workers: a count, or `auto` for one per CPU the process may use. */
function parseWorkers(value: string | undefined): number {
  if (value === undefined) return 1;
  if (value === 'auto') return availableParallelism();
  const workers = Number(value);
  if (!/^\d+$/.test(value) || workers < 1 || workers > MAX_WORKERS)
    throw new UsageError(
      `--workers must be auto or a whole number from 1 to ${MAX_WORKERS}, got ${JSON.stringify(value)}`,
    );
  return workers;
}

/**
 * The primary of `serve --workers N` (N > 1) serves nothing itself: it checks the config before forking,
 * registers the instance with Consul once the workers listen, and drains them on SIGTERM.
 */
async function servePrimary(input: {
  workers: number;
  loadOptions: LoadConfigOptions;
  host?: string;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<number> {
  const [{ loadConfig }, { registerWithConsul, runClusterPrimary }] = await Promise.all([
    import('@payready/shared/config'),
    import('@payready/api'),
  ]);
  const { config } = await loadConfig(input.loadOptions);
  const host = input.host ?? config.server.host;
  return runClusterPrimary({
    workers: input.workers,
    host,
    logger: input.logger,
    graceMs: durationToMs(config.server.shutdown_grace),
    register: (port) =>
      registerWithConsul({ config, env: input.env, host, port, version: VERSION, logger: input.logger }),
  });
}

/**
 * `payready serve`: the HTTP service (fastify, loaded only here). Runs until SIGTERM or SIGINT, then
 * drains: no new requests, those in flight finish within server.shutdown_grace. Logs are JSON lines on stdout.
 */
export async function serveCommand(options: ServeCommandOptions, io: CliIO): Promise<number> {
  const port = parsePort(options.port);
  const workers = parseWorkers(options.workers);
  const paths = cliPaths(io);
  const { createServerLogger, startApiServer, PrimaryChannel } = await import('@payready/api');
  const logger = await createServerLogger({
    level: options.verbose ? 'debug' : options.quiet ? 'error' : 'info',
    destination: io.stdout,
    env: io.env,
  });
  const loadOptions: LoadConfigOptions = {
    builtinDir: join(io.assetsDir, 'config'),
    env: io.env,
    cwd: io.cwd,
    ...(options.config ? { file: options.config } : {}),
    compiledCacheDir: join(xdgPaths(io.env).cacheDir, 'config'),
  };
  if (workers > 1 && cluster.isPrimary) {
    return servePrimary({ workers, loadOptions, logger, env: io.env, ...(options.host ? { host: options.host } : {}) });
  }
  const primary = cluster.isWorker ? new PrimaryChannel() : undefined;
  const server = await startApiServer({
    loadOptions,
    ...(options.host ? { host: options.host } : {}),
    ...(port !== undefined ? { port } : {}),
    insecure: options.insecure === true,
    env: io.env,
    paths,
    logger,
    keyResolverFor: (config) => createCliKeyResolver(io, config),
    baseDir: paths.projectRoot ?? io.cwd,
    personaDirs: { builtin: join(io.assetsDir, 'personas'), user: join(paths.configDir, 'personas') },
    version: VERSION,
    ...(primary ? { primary } : {}),
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.shutdown(signal).then(resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    // A worker whose primary is gone has no one to answer its rate-limit and metrics requests.
    if (primary) process.once('disconnect', () => stop('SIGTERM'));
  });
  return 0;
}
