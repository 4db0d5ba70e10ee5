import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';

const HEARTBEAT_MS = 15_000;

/**
 * A server-sent event stream on a reply, started on the first write: until then the handler may still
 * answer with a plain HTTP error (what an OpenAI client expects when nothing was streamed yet).
 */
export class EventStream {
  private readonly body = new PassThrough();
  private heartbeat: NodeJS.Timeout | undefined;
  private isStarted = false;

  constructor(private readonly reply: FastifyReply) {}

  get started(): boolean {
    return this.isStarted;
  }

  start(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    this.reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-accel-buffering', 'no');
    void this.reply.send(this.body);
    // A comment line now and then keeps proxies from closing a stream that waits on a slow upstream.
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private write(text: string): void {
    if (!this.body.writableEnded && !this.body.destroyed) this.body.write(text);
  }

  /** `event: NAME` and its JSON data. */
  event(name: string, data: unknown): void {
    this.start();
    this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** A data-only event (OpenAI's format); `text` is written as is. */
  data(text: string): void {
    this.start();
    this.write(`data: ${text}\n\n`);
  }

  end(): void {
    clearInterval(this.heartbeat);
    if (this.isStarted && !this.body.writableEnded) this.body.end();
  }
}
