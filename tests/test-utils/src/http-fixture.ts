import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A node:http server on 127.0.0.1 and a free port, for fakes of upstream APIs. It records every request
 * (with its parsed JSON body), counts requests in flight, and closes every socket on `close()` so a
 * scenario that never answers cannot keep the test process alive.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  /** Query string parameters. */
  query: URLSearchParams;
  /** Lower-cased header names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** Resolves when the client's connection for this request closes (answered, aborted or reset). */
  closed: Promise<void>;
  /** True once the client went away before the server finished the response. */
  readonly abortedByClient: boolean;
}

export type FixtureHandler = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface HttpFixture {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Requests received so far (`requests.length`). */
  readonly requestCount: number;
  /** Requests whose connection is still open. */
  readonly activeRequests: number;
  /** Highest number of requests open at the same time. */
  readonly maxActiveRequests: number;
  /** Destroys open sockets and stops listening. Safe to call twice. */
  close(): Promise<void>;
}

export async function startHttpFixture(handler: FixtureHandler): Promise<HttpFixture> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let active = 0;
  let maxActive = 0;

  const server = createServer((req, res) => {
    active += 1;
    maxActive = Math.max(maxActive, active);
    let finished = false;
    let aborted = false;
    res.on('finish', () => (finished = true));
    const closed = new Promise<void>((resolve) => {
      res.on('close', () => {
        active -= 1;
        if (!finished) aborted = true;
        resolve();
      });
    });
    void readBody(req).then(async (raw) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: parseBody(raw),
        closed,
        get abortedByClient() {
          return aborted;
        },
      };
      requests.push(recorded);
      try {
        await handler(recorded, res);
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fixture handler failed: ${String(error)}`);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get requestCount() {
      return requests.length;
    },
    get activeRequests() {
      return active;
    },
    get maxActiveRequests() {
      return maxActive;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/**
 * A fake built on a fixture: `extra`'s members (an overriding `url` or `close` among them) on top of it, whose
 * live counters (`requestCount`, `activeRequests`, …) stay getters. Spreading the fixture would freeze them.
 */
export function extendFixture<Fake extends HttpFixture>(
  fixture: HttpFixture,
  extra: Omit<Fake, keyof HttpFixture> & Partial<Pick<Fake, 'url' | 'close'>>,
): Fake {
  return Object.assign(Object.create(fixture) as HttpFixture, extra) as Fake;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that goes away mid-upload still gets its partial request recorded.
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** One server-sent event: optional `event:` name and the `data:` text. */
export type SseFrame = [event: string | undefined, data: string];

/** Writes one SSE event (optional `event:` line, one `data:` line, blank line). */
export function writeSse(res: ServerResponse, data: string, event?: string): void {
  res.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n\n`);
}

/** Status 200 and `text/event-stream`, headers flushed before the first event. */
export function startEventStream(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
  res.flushHeaders();
}

/** Writes the frames one per event-loop turn, so the client really receives separate chunks; then ends. */
export async function writeSseFrames(res: ServerResponse, frames: SseFrame[], { end = true } = {}): Promise<void> {
  for (const [event, data] of frames) {
    if (res.destroyed) return;
    writeSse(res, data, event);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (end && !res.destroyed) res.end();
}

/** The frames with single newlines only: the SSE decoder never sees the blank line that dispatches an event. */
export function undispatchedSse(frames: SseFrame[]): string {
  return frames.map(([event, data]) => `${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n`).join('');
}

/** Ends the response by resetting the TCP connection (RST), as a proxy or a crashed upstream would. */
export function resetConnection(res: ServerResponse): void {
  // Let the bytes already written reach the client before the reset.
  res.write('', () => setImmediate(() => res.socket?.resetAndDestroy()));
}

/** Splits text into chunks of about `size` characters (at least one chunk, even for ''). */
export function chunkText(text: string, size = 4): string[] {
  if (text === '') return [''];
  const chunks: string[] = [];
  for (let index = 0; index < text.length; index += size) chunks.push(text.slice(index, index + size));
  return chunks;
}

/**
 * What a fake upstream (fake-anthropic, fake-openai) does with one request. Each fake renders these in its
 * provider's wire format.
 */
export type FakeScenario =
  /** A normal streamed answer (or a JSON body when the request did not ask for a stream). */
  | {
      kind: 'text';
      text: string;
      /** Text deltas in order; default: `text` in 4-character pieces. Must join to `text`. */
      chunks?: string[];
      /** Model the answer claims; default: the requested model. */
      model?: string;
      /** Upstream finish reason (`end_turn`, `refusal` / `stop`, `length`, `content_filter`). */
      stopReason?: string;
      inputTokens?: number;
      outputTokens?: number;
      headers?: Record<string, string>;
    }
  /** An HTTP error in the provider's error-body shape. `body` replaces that body verbatim (e.g. an HTML page). */
  | {
      kind: 'error';
      status: number;
      type?: string;
      message?: string;
      code?: string;
      headers?: Record<string, string>;
      body?: string;
    }
  /** Status 200, the first deltas, then the provider's in-stream error event. */
  | { kind: 'stream-error'; type?: string; message?: string; code?: string; text?: string }
  /** Status 200 and the first delta, then silence: for abort tests. */
  | { kind: 'stall-mid-stream'; text?: string }
  /** Accepts the request and never answers (no status line). */
  | { kind: 'hang' }
  /** Status 200 and the first deltas, then a TCP reset. */
  | { kind: 'reset-mid-stream'; text?: string }
  /** Status 200, `text/event-stream`, but events without the blank line that dispatches them. */
  | { kind: 'malformed-sse' }
  /** Status 200 and well-framed SSE whose `data:` is cut-off JSON. */
  | { kind: 'malformed-json' }
  /** Status 200, `text/event-stream`, and no body at all. */
  | { kind: 'empty' };

export type ScenarioHandler = (request: RecordedRequest) => FakeScenario | Promise<FakeScenario>;

/** Picks the scenario for a request: the queue first, then the handler, then the fallback. */
export class ScenarioSource {
  private readonly queue: FakeScenario[] = [];
  private handler: ScenarioHandler | undefined;

  constructor(private readonly fallback: FakeScenario) {}

  enqueue(...scenarios: FakeScenario[]): void {
    this.queue.push(...scenarios);
  }

  setHandler(handler: ScenarioHandler | undefined): void {
    this.handler = handler;
  }

  async next(request: RecordedRequest): Promise<FakeScenario> {
    const queued = this.queue.shift();
    if (queued) return queued;
    if (this.handler) return this.handler(request);
    return this.fallback;
  }
}

/** The public face shared by the fakes. */
export interface FakeUpstream extends Omit<HttpFixture, 'url'> {
  /** Base URL to hand to the SDK as `baseURL`. */
  url: string;
  /** Queues scenarios for the next requests, in order. They take precedence over `setHandler`. */
  enqueue(...scenarios: FakeScenario[]): void;
  /** Decides the scenario of every request the queue does not cover; `undefined` restores the default. */
  setHandler(handler: ScenarioHandler | undefined): void;
}
