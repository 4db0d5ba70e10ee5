import { durationToMs, type Logger } from '@payready/shared';
import type { FastifyInstance } from 'fastify';
import type { Live } from './config-reload.js';
import type { ConsulRegistrationHandle } from './consul-registration.js';
import { ApiHttpError } from './http-errors.js';
import type { InFlight } from './in-flight.js';

export interface DrainOptions {
  app: FastifyInstance;
  live: Live;
  inFlight: InFlight;
  consul?: ConsulRegistrationHandle;
  /** Aborted when the grace runs out: the asks still running answer 503. */
  abort: AbortController;
  logger: Logger;
  release: () => Promise<unknown>;
}

/**
 * The shutdown (SIGTERM): fail /ready, leave Consul, stop accepting, let the requests in flight finish
 * within server.shutdown_grace, abort the rest (503), release Redis, the watcher and telemetry. Idempotent.
 */
export function drain(options: DrainOptions): (reason: string) => Promise<void> {
  let closing: Promise<void> | undefined;
  return (reason) => {
    closing ??= (async () => {
      const { app, live, logger } = options;
      live.draining = true;
      const graceMs = durationToMs(live.state.config.server.shutdown_grace);
      logger.info('shutting down: no new requests; waiting for those in flight', { reason, graceMs });
      await options.consul?.deregister();
      const overrun = setTimeout(() => {
        options.abort.abort(
          new ApiHttpError(503, 'shutting_down', 'the server is shutting down', { kind: 'unavailable' }),
        );
        // The aborted requests have answered by now; whatever connection is left goes.
        setTimeout(() => app.server.closeAllConnections(), 1000).unref();
      }, graceMs);
      const closed = app.close();
      // Node keeps a keep-alive connection whose client left a response unread; once nothing is in flight,
      // every connection left is such a leftover.
      await options.inFlight.idle();
      app.server.closeAllConnections();
      await closed;
      clearTimeout(overrun);
      await options.release();
      logger.info('stopped');
    })();
    return closing;
  };
}
