import type { Readable } from 'node:stream';

/**
 * undici's Node body as the WHATWG stream a `Response` carries. Hand-rolled rather than Readable.toWeb, which
 * costs several promises per chunk: this enqueues each chunk as it arrives and pauses the socket while the
 * reader is behind.
 */
export function webBody(body: Readable, signal: AbortSignal | null): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      body.on('data', (chunk: Buffer) => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) body.pause();
      });
      body.once('end', () => controller.close());
      body.once('error', (error: unknown) => controller.error(bodyFailure(error, signal)));
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

/** All of undici's Node body, without a web stream in between. */
export function readWholeBody(body: Readable, signal: AbortSignal | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    body.once('error', (error: unknown) => reject(bodyFailure(error, signal)));
  });
}

/**
 * A failed body read as the built-in fetch reports it: the abort reason after an abort, else a TypeError
 * `terminated` whose cause is undici's error (isNetworkFailure knows both).
 */
function bodyFailure(error: unknown, signal: AbortSignal | null): unknown {
  return signal?.aborted ? signal.reason : new TypeError('terminated', { cause: error });
}
