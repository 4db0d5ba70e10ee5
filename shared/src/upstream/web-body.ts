import type { Readable } from 'node:stream';

/**
 * undici's Node body as the WHATWG stream a `Response` carries. Hand-rolled rather than Readable.toWeb, which
 * costs several promises per chunk: this enqueues each chunk as it arrives and pauses the socket while the
 * reader is behind. Errors read as the built-in fetch reports them: the abort reason after an abort, else a
 * TypeError `terminated` whose cause is undici's error (isNetworkFailure knows both).
 */
export function webBody(body: Readable, signal: AbortSignal | null | undefined): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      body.on('data', (chunk: Buffer) => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) body.pause();
      });
      body.once('end', () => controller.close());
      body.once('error', (error: unknown) => {
        controller.error(signal?.aborted ? signal.reason : new TypeError('terminated', { cause: error }));
      });
    },
    pull() {
      body.resume();
    },
    cancel() {
      // Unread bytes would keep the connection busy: undici closes it instead of draining.
      body.destroy();
    },
  });
}
