import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentError, type AgentEvent, type ExecuteContext } from '@payready/agent-contract';
import { afterEach, describe, expect, it } from 'vitest';
import { EndpointPool } from './endpoint-pool.js';
import { createRemoteAgentPlugin } from './remote-agent.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function remote(
  handler: (body: Record<string, unknown>, res: ServerResponse, req: IncomingMessage) => void,
): Promise<string> {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => handler(JSON.parse(raw) as Record<string, unknown>, res, req));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const context = {
  signal: new AbortController().signal,
  timeoutMs: 5000,
  resolveKey: () => ({ value: 'tok', source: 'env' }),
} as unknown as ExecuteContext;
const request = {
  text: 'hello',
  persona: { name: 'reviewer', system: 'Be kind.' },
  history: [{ role: 'user' as const, content: 'before' }],
};

async function drain(urls: string[]): Promise<{ events: AgentEvent[]; error?: unknown }> {
  const plugin = createRemoteAgentPlugin({
    name: 'alpha',
    remoteAgent: 'beta',
    pool: new EndpointPool({ source: { kind: 'static', urls } }),
  });
  const events: AgentEvent[] = [];
  try {
    for await (const event of plugin.execute(request, context)) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

describe('remote agent', () => {
  it('forces the remote agent for one attempt and relays its events', async () => {
    let seen: { body?: Record<string, unknown>; auth?: string } = {};
    const url = await remote((body, res, req) => {
      seen = { body, auth: req.headers.authorization };
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        'event: attempt-start\ndata: {"agent":"beta","attempt":0}\n\n' +
          'event: text-delta\ndata: {"agent":"beta","text":"hi"}\n\n' +
          'event: usage\ndata: {"agent":"beta","inputTokens":1,"outputTokens":2}\n\n' +
          'event: done\ndata: {"agent":"beta","finishReason":"stop","model":"m"}\n\n' +
          'event: result\ndata: {"answer":"hi","finishReason":"stop","model":"m"}\n\n',
      );
    });
    const { events, error } = await drain([url]);
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'text-delta', text: 'hi' },
      { type: 'usage', inputTokens: 1, outputTokens: 2 },
      { type: 'done', finishReason: 'stop', model: 'm' },
    ]);
    expect(seen.auth).toBe('Bearer tok');
    expect(seen.body).toMatchObject({
      prompt: 'hello',
      agent: 'beta',
      fallback: false,
      retries: 0,
      cache: false,
      stream: true,
      persona: { name: 'reviewer', system: 'Be kind.' },
    });
    expect(seen.body!.history).toEqual([{ role: 'user', content: 'before' }]);
  });

  it.each([
    [429, { error: { type: 'rate_limited', message: 'slow down', kind: 'rate_limit' } }, 'rate_limit'],
    [503, { error: { type: 'no_credentials', message: 'no key', kind: 'auth' } }, 'auth'],
    [504, { error: { type: 'deadline_exceeded', message: 'late' } }, 'timeout'],
    [401, { error: { type: 'unauthorized', message: 'who?' } }, 'auth'],
  ])('maps HTTP %i to the kind the remote reported (or its status implies)', async (status, body, kind) => {
    const url = await remote((_body, res) => {
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '2' });
      res.end(JSON.stringify(body));
    });
    const { error } = await drain([url]);
    expect(AgentError.isInstance(error) && error.kind).toBe(kind);
    expect((error as AgentError).retryAfterMs).toBe(2000);
  });

  it('turns an error event into the AgentError it names, and a cut stream into network', async () => {
    const url = await remote((body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        body.prompt === 'hello'
          ? 'event: error\ndata: {"error":{"type":"all_agents_failed","message":"boom","kind":"overloaded"}}\n\n'
          : '',
      );
    });
    expect(((await drain([url])).error as AgentError).kind).toBe('overloaded');
  });

  it('fails over at the connection level: network error, instance marked down', async () => {
    const url = await remote((_body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: text-delta\ndata: {"text":"x"}\n\n');
    });
    const { error } = await drain([url]);
    expect((error as AgentError).kind).toBe('network');
    expect((error as AgentError).message).toMatch(/ended before the answer/);
    const refused = await drain(['http://127.0.0.1:1']);
    expect((refused.error as AgentError).kind).toBe('network');
  });
});
