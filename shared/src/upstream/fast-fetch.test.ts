import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCause, isNetworkFailure } from './error-details.js';
import { fastFetch } from './fast-fetch.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

async function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function echo(request: IncomingMessage, response: ServerResponse, body: string): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
      port: request.socket.remotePort,
    }),
  );
}

/** Resolves the next time `next()` is called: lets the server wait until the test has read a chunk. */
function gate() {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('fastFetch', () => {
  let main: { server: Server; url: string };
  let other: { server: Server; url: string };
  const routes = new Map<string, Handler>();

  beforeAll(async () => {
    main = await listen((request, response, body) => (routes.get(request.url!) ?? echo)(request, response, body));
    other = await listen(echo);
  });
  afterAll(() => {
    main.server.closeAllConnections();
    other.server.closeAllConnections();
    main.server.close();
    other.server.close();
  });

  it('answers with a Response: status, headers, JSON body, URL', async () => {
    routes.set('/created', (_request, response) => {
      response.writeHead(201, [
        ['content-type', 'application/json'],
        ['x-request-id', 'req-1'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ]);
      response.end('{"id":7}');
    });
    const response = await fastFetch(`${main.url}/created`);
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.ok, response.redirected]).toEqual([201, true, false]);
    expect(response.url).toBe(`${main.url}/created`);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ id: 7 });
  });

  it('sends the method, headers and body it is given', async () => {
    const response = await fastFetch(`${main.url}/echo?q=1`, {
      method: 'post',
      headers: new Headers({ authorization: 'Bearer k', 'content-type': 'application/json' }),
      body: '{"hello":"world"}',
    });
    expect(await response.json()).toMatchObject({
      method: 'POST',
      url: '/echo?q=1',
      body: '{"hello":"world"}',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    });
  });

  it('keeps one connection alive across sequential requests', async () => {
    const fresh = await listen(echo);
    let connections = 0;
    fresh.server.on('connection', () => connections++);
    for (let i = 0; i < 5; i++) {
      await (await fastFetch(fresh.url, { method: 'POST', body: '{}' })).text();
      // undici frees the connection just after the body's end: a request sent in the same tick opens another.
      await new Promise((resolve) => setImmediate(resolve));
    }
    fresh.server.closeAllConnections();
    fresh.server.close();
    expect(connections).toBe(1);
  });

  it('labels a string body without a content type as text, as fetch does', async () => {
    const sent = (await (await fastFetch(main.url, { method: 'POST', body: 'hi' })).json()) as {
      headers: Record<string, string>;
    };
    expect(sent.headers['content-type']).toBe('text/plain;charset=UTF-8');
  });

  it('streams an SSE body chunk by chunk', async () => {
    const second = gate();
    routes.set('/sse', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      void second.opened.then(() => response.end('data: two\n\n'));
    });
    const response = await fastFetch(`${main.url}/sse`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    // The server holds the second event until the first has been read: a buffered body would hang here.
    expect(await reader.read()).toEqual({ done: false, value: 'data: one\n\n' });
    second.open();
    expect(await reader.read()).toEqual({ done: false, value: 'data: two\n\n' });
    expect((await reader.read()).done).toBe(true);
  });

  it('fails a body read with the abort reason when aborted mid-stream, and drops the connection', async () => {
    const closed = gate();
    routes.set('/endless', (request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      response.on('close', closed.open);
    });
    const controller = new AbortController();
    const response = await fastFetch(`${main.url}/endless`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await closed.opened;
  });

  it('rejects with the reason of a signal aborted before the request', async () => {
    const reason = new Error('caller gave up');
    await expect(fastFetch(main.url, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('rejects with the timeout of a timeout signal when the upstream does not answer', async () => {
    routes.set('/silent', () => undefined);
    await expect(fastFetch(`${main.url}/silent`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });

  it('rejects as fetch does when the connection is refused: a network failure naming ECONNREFUSED', async () => {
    const closed = await listen(echo);
    await new Promise((resolve) => closed.server.close(resolve));
    const error = await fastFetch(closed.url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(isNetworkFailure(error)).toBe(true);
    expect(describeCause(error)).toContain('ECONNREFUSED');
  });

  it('fails a body cut by the upstream as fetch does: TypeError terminated, a network failure', async () => {
    routes.set('/cut', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n', () => response.socket?.destroy());
    });
    const response = await fastFetch(`${main.url}/cut`);
    const error = await response.text().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'TypeError', message: 'terminated' });
    expect(isNetworkFailure(error)).toBe(true);
  });

  it('has no body for 204', async () => {
    routes.set('/empty', (_request, response) => response.writeHead(204).end());
    const response = await fastFetch(`${main.url}/empty`);
    expect([response.status, response.body]).toEqual([204, null]);
  });

  describe('reads a body as the built-in fetch does', () => {
    // A byte-order mark, and a multibyte character split across two writes.
    const bom = '\ufeff{"word":"na\u00efve ';
    beforeAll(() => {
      routes.set('/split', (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const bytes = Buffer.from(`${bom}\u00e9t\u00e9"}`);
        const cut = bytes.indexOf(0xa9); // inside the two bytes of é
        response.write(bytes.subarray(0, cut), () => setTimeout(() => response.end(bytes.subarray(cut)), 5));
      });
    });
    const both = async <T>(read: (response: Response) => Promise<T>): Promise<[T, T]> => [
      await read(await fastFetch(`${main.url}/split`)),
      await read(await fetch(`${main.url}/split`)),
    ];

    it.each([
      ['text', (response: Response) => response.text()],
      ['json', (response: Response) => response.json()],
      ['arrayBuffer', async (response: Response) => Buffer.from(await response.arrayBuffer()).toString('hex')],
      [
        'bytes',
        async (response: Response) =>
          Buffer.from(await (response as Response & { bytes(): Promise<Uint8Array> }).bytes()).toString('hex'),
      ],
      ['blob', async (response: Response) => (await response.blob()).text()],
      ['body', async (response: Response) => new Response(response.body).text()],
      ['clone', async (response: Response) => [await response.clone().text(), await response.text()]],
    ])('%s', async (_name, read) => {
      const [ours, builtIn] = await both(read);
      expect(ours).toEqual(builtIn);
    });

    it('fails a second read, and marks the body used, as a used body does', async () => {
      const [ours, builtIn] = await both(async (response) => {
        const before = response.bodyUsed;
        await response.text();
        const second = await response.json().catch((error: unknown) => error);
        return { before, after: response.bodyUsed, second: second instanceof TypeError && String(second) };
      });
      expect(ours).toEqual(builtIn);
      expect(ours.second).toContain('Body is unusable');
    });
  });

  it('fails a whole-body read with the abort reason when aborted before the end', async () => {
    const closed = gate();
    routes.set('/unfinished', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
      response.on('close', closed.open);
    });
    const controller = new AbortController();
    const response = await fastFetch(`${main.url}/unfinished`, { signal: controller.signal });
    const read = response.json();
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(read).rejects.toBe(reason);
    await closed.opened;
  });

  it('follows a 302 after POST as a GET without the body', async () => {
    routes.set('/moved', (_request, response) => response.writeHead(302, { location: '/echo-moved' }).end());
    const response = await fastFetch(`${main.url}/moved`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${main.url}/echo-moved`);
    const landed = (await response.json()) as { method: string; body: string; headers: Record<string, string> };
    expect(landed).toMatchObject({ method: 'GET', body: '' });
    expect(landed.headers['content-type']).toBeUndefined();
  });

  it('follows a 307 with the method and body, dropping credentials across origins', async () => {
    routes.set('/temporary', (_request, response) =>
      response.writeHead(307, { location: `${other.url}/landed` }).end(),
    );
    const response = await fastFetch(`${main.url}/temporary`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'x-api-key': 'kept, as fetch keeps it' },
      body: 'payload',
    });
    const landed = (await response.json()) as { method: string; body: string; headers: Record<string, string> };
    expect(landed).toMatchObject({ method: 'POST', body: 'payload' });
    expect(landed.headers.authorization).toBeUndefined();
    expect(landed.headers['x-api-key']).toBe('kept, as fetch keeps it');
  });

  it('returns the redirect itself when redirects are manual, and fails when they are an error', async () => {
    routes.set('/away', (_request, response) => response.writeHead(301, { location: '/echo' }).end());
    const manual = await fastFetch(`${main.url}/away`, { redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([301, '/echo']);
    await expect(fastFetch(`${main.url}/away`, { redirect: 'error' })).rejects.toThrow('fetch failed');
  });
});
