import { InterruptedError } from '@payready/core';
import type { FastifyReply } from 'fastify';
import { ApiHttpError } from './http-errors.js';

/**
 * The signal one request's ask runs under: aborted when the client goes away (the upstream call stops
 * with it), when the request exceeds server.request_timeout (504), or when the shutdown grace runs out (503).
 */
export function requestSignal(
  reply: FastifyReply,
  options: { timeoutMs: number; shutdown: AbortSignal },
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort(new InterruptedError());
  };
  // A listener rather than AbortSignal.any(): on the hot path, and any() is costly on Node 20.
  const onShutdown = () => controller.abort(options.shutdown.reason);
  reply.raw.once('close', onClose);
  options.shutdown.addEventListener('abort', onShutdown, { once: true });
  const timer = setTimeout(
    () =>
      controller.abort(
        new ApiHttpError(
          504,
          'request_timeout',
          `the request took longer than server.request_timeout (${options.timeoutMs} ms)`,
          { kind: 'timeout' },
        ),
      ),
    options.timeoutMs,
  );
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      reply.raw.off('close', onClose);
      options.shutdown.removeEventListener('abort', onShutdown);
    },
  };
}
