import type { Readable } from 'node:stream';
import { readWholeBody, webBody } from './web-body.js';

export interface UpstreamResponseInit {
  status: number;
  statusText?: string;
  headers: Array<[string, string]>;
  url: string;
  redirected: boolean;
  /** undici's body; null for a response that has none (204, HEAD). */
  source: Readable | null;
  /** The request's signal: an abort fails a body read with its reason, as the built-in fetch does. */
  signal: AbortSignal | null;
}

/** The members this class defines itself; Node's typings declare them as properties, which TS won't let a class override. */
type Overridden =
  'url' | 'redirected' | 'body' | 'bodyUsed' | 'text' | 'json' | 'arrayBuffer' | 'blob' | 'formData' | 'clone';
const ResponseBase = Response as unknown as new (body: null, init: ResponseInit) => Omit<Response, Overridden>;

/**
 * A real `Response` (instanceof, headers, status) whose body stays undici's Node stream until someone asks
 * for the web stream. On Node 20 constructing a `ReadableStream` costs about 20 µs and a `Response` around
 * one about 37 µs (against 3 µs without a body), measured: a gateway hop reads every non-streamed answer
 * with `json()` and never needs the stream. `text()`, `json()` and `arrayBuffer()` read the Node stream
 * directly (so does `bytes()`); `body`, `blob()`, `formData()` and `clone()` build the web-stream Response once and answer from
 * it from then on.
 */
export class UpstreamResponse extends ResponseBase implements Response {
  readonly #init: UpstreamResponseInit;
  /** Set once a read started on the Node stream. */
  #read = false;
  #web: Response | undefined;

  constructor(init: UpstreamResponseInit) {
    super(null, {
      status: init.status,
      ...(init.statusText ? { statusText: init.statusText } : {}),
      headers: init.headers,
    });
    this.#init = init;
  }

  get url(): string {
    return this.#init.url;
  }

  get redirected(): boolean {
    return this.#init.redirected;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#init.source ? this.#webResponse().body : null;
  }

  get bodyUsed(): boolean {
    return this.#read || (this.#web?.bodyUsed ?? false);
  }

  async text(): Promise<string> {
    if (this.#web) return this.#web.text();
    const text = (await this.#readNodeBody()).toString('utf8');
    // As the fetch standard's UTF-8 decode: a leading byte-order mark is not part of the text.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  async json(): Promise<unknown> {
    if (this.#web) return this.#web.json();
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#web) return this.#web.arrayBuffer();
    const bytes = await this.#readNodeBody();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  /** Not in Node 20's typings, but on its Response.prototype, where it would read the empty super body. */
  async bytes(): Promise<Uint8Array> {
    if (this.#web) return new Uint8Array(await this.#web.arrayBuffer());
    return new Uint8Array(await this.arrayBuffer());
  }

  blob(): Promise<Blob> {
    return this.#webResponse().blob();
  }

  formData(): Promise<FormData> {
    return this.#webResponse().formData();
  }

  clone(): Response {
    return this.#webResponse().clone();
  }

  #readNodeBody(): Promise<Buffer> {
    if (this.#read) return Promise.reject(unusable());
    this.#read = true;
    const { source, signal } = this.#init;
    return source ? readWholeBody(source, signal) : Promise.resolve(Buffer.alloc(0));
  }

  /** The Response a built-in fetch would have returned, made on first need. */
  #webResponse(): Response {
    if (!this.#web) {
      const { source, signal } = this.#init;
      // After a read of the Node stream it is spent: every later read fails as a used body does.
      const body = this.#read
        ? new ReadableStream<Uint8Array>({ start: (controller) => controller.error(unusable()) })
        : source && webBody(source, signal);
      this.#web = new Response(body, { status: this.status, statusText: this.statusText, headers: this.headers });
    }
    return this.#web;
  }
}

function unusable(): TypeError {
  return new TypeError('Body is unusable: Body has already been read');
}
