import { join } from 'node:path';
import { UsageError, xdgPaths } from '@payready/shared';
import type { CliIO } from '../cli-io.js';
import { cliPaths } from '../runtime/cli-paths.js';
import { createCliKeyResolver } from '../runtime/key-resolver.js';
import { VERSION } from '../version.js';

export interface ServeCommandOptions {
  host?: string;
  port?: string;
  insecure?: boolean;
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

/**
 * `payready serve`: the HTTP service (fastify, loaded only here). Runs until SIGTERM or SIGINT, then
 * drains: no new requests, those in flight finish within server.shutdown_grace. Logs are JSON lines on stdout.
 */
export async function serveCommand(options: ServeCommandOptions, io: CliIO): Promise<number> {
  const port = parsePort(options.port);
  const paths = cliPaths(io);
  const { createServerLogger, startApiServer } = await import('@payready/api');
  const logger = await createServerLogger({
    level: options.verbose ? 'debug' : options.quiet ? 'error' : 'info',
    destination: io.stdout,
    env: io.env,
  });
  const server = await startApiServer({
    loadOptions: {
      builtinDir: join(io.assetsDir, 'config'),
      env: io.env,
      cwd: io.cwd,
      ...(options.config ? { file: options.config } : {}),
      compiledCacheDir: join(xdgPaths(io.env).cacheDir, 'config'),
    },
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
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.shutdown(signal).then(resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}
