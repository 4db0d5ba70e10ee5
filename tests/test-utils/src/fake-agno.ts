import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { bodyText, sendJson, startFakeProvider, type FakeFailure, type FakeServer } from './fake-search.js';
import type { RecordedRequest } from './http-fixture.js';

/**
 * A fake Agno AgentOS (agno 2.x): `GET /`, `GET /health`, `GET /agents`, `GET /agents/{id}`,
 * `POST /agents/{id}/runs` with form parsing (urlencoded and multipart), `stream` defaulting to true,
 * the named SSE run events, `RunError` mid-stream on a 200, and the Bearer check of `OS_SECURITY_KEY`.
 */

export interface FakeAgnoRun {
  /** RunContent deltas, in order. */
  chunks: string[];
  model?: string;
  metrics?: { input_tokens: number; output_tokens: number };
  /** Emit tool and model-request events among the content, which clients must ignore. */
  toolEvents?: boolean;
  /** Send `RunError` after this many chunks instead of completing. */
  error?: { afterChunks: number; message: string; errorType?: string; errorId?: string };
  /** Stop writing (but keep the connection open) after this many chunks. */
  stallAfterChunks?: number;
}

export interface FakeAgnoOptions {
  agents?: Array<{ id: string; name?: string }>;
  /** The server's OS_SECURITY_KEY: when set, every route needs `Authorization: Bearer <key>`. */
  securityKey?: string;
  /** What a run answers; a function sees the parsed form fields. */
  run?: FakeAgnoRun | ((form: Record<string, string>) => FakeAgnoRun);
  fail?: FakeFailure;
  /** Every request answers with this status, as `{"detail": …}`. */
  status?: number;
}

export interface FakeAgnoServer extends FakeServer {
  /** The form fields of each run request, in order. */
  runs: Array<Record<string, string>>;
}

const DEFAULT_RUN: FakeAgnoRun = {
  chunks: ['Hello', ' from', ' Agno.'],
  model: 'gpt-4o-mini',
  metrics: { input_tokens: 12, output_tokens: 5 },
};

/** Form fields of an urlencoded or multipart body; undefined for anything else (FastAPI then says 422). */
export function parseForm(request: RecordedRequest): Record<string, string> | undefined {
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(bodyText(request)));
  const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return undefined;
  const fields: Record<string, string> = {};
  for (const part of bodyText(request).split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]*)"/.exec(part.slice(0, split))?.[1];
    if (name !== undefined) fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return fields;
}

function detail(status: number): string {
  return (
    {
      401: 'Invalid authentication token',
      404: 'Not Found',
      429: 'Too Many Requests',
      500: 'Internal Server Error',
      503: 'Service Unavailable',
    }[status] ?? 'Error'
  );
}

function runEvents(run: FakeAgnoRun, base: Record<string, unknown>): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [
    { event: 'RunStarted', ...base, model: run.model ?? 'gpt-4o-mini', model_provider: 'OpenAI' },
  ];
  if (run.toolEvents) {
    events.push(
      { event: 'ModelRequestStarted', ...base },
      { event: 'ToolCallStarted', ...base, tool: { tool_name: 'search', tool_args: {} } },
    );
    events.push({
      event: 'ToolCallCompleted',
      ...base,
      tool: { tool_name: 'search', result: 'ok' },
      content: 'tool output',
    });
  }
  run.chunks.forEach((chunk, index) => {
    if (run.error?.afterChunks === index) events.push(errorEvent(run, base));
    events.push({ event: 'RunContent', ...base, content: chunk, content_type: 'str' });
  });
  if (run.error && run.error.afterChunks >= run.chunks.length) events.push(errorEvent(run, base));
  if (run.error) return events.slice(0, events.findIndex((event) => event.event === 'RunError') + 1);
  events.push({ event: 'RunContentCompleted', ...base });
  events.push({
    event: 'RunCompleted',
    ...base,
    content: run.chunks.join(''),
    content_type: 'str',
    metrics: {
      ...run.metrics,
      total_tokens: (run.metrics?.input_tokens ?? 0) + (run.metrics?.output_tokens ?? 0),
      duration: 0.5,
    },
  });
  return events;
}

function errorEvent(run: FakeAgnoRun, base: Record<string, unknown>): Record<string, unknown> {
  return {
    event: 'RunError',
    ...base,
    content: run.error!.message,
    error_type: run.error!.errorType,
    error_id: run.error!.errorId,
  };
}

async function streamRun(res: ServerResponse, run: FakeAgnoRun, base: Record<string, unknown>): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let chunks = 0;
  for (const event of runEvents(run, base)) {
    if (event.event === 'RunContent' && run.stallAfterChunks !== undefined && chunks++ >= run.stallAfterChunks) return;
    const payload = Object.fromEntries(
      Object.entries({ created_at: Math.floor(Date.now() / 1000), ...event }).filter(([, v]) => v !== undefined),
    );
    res.write(`event: ${String(event.event)}\ndata: ${JSON.stringify(payload)}\n\n`);
    // Separate writes, flushed one by one, as a real stream arrives.
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}

function runOutput(run: FakeAgnoRun, base: Record<string, unknown>): Record<string, unknown> {
  return {
    ...base,
    content: run.chunks.join(''),
    content_type: 'str',
    model: run.model ?? 'gpt-4o-mini',
    model_provider: 'OpenAI',
    status: 'COMPLETED',
    created_at: Math.floor(Date.now() / 1000),
    metrics: run.metrics,
  };
}

export async function startFakeAgno(options: FakeAgnoOptions = {}): Promise<FakeAgnoServer> {
  const agents = options.agents ?? [{ id: 'assistant', name: 'Assistant' }];
  const runs: Array<Record<string, string>> = [];
  const agentResponse = (agent: { id: string; name?: string }) => ({
    id: agent.id,
    name: agent.name ?? agent.id,
    db_id: 'db',
    streaming: { stream: true, stream_events: true },
  });
  const server = await startFakeProvider({
    fail: options.fail ?? (options.status === undefined ? undefined : { status: options.status }),
    errorResponse: (status) => ({ contentType: 'application/json', body: JSON.stringify({ detail: detail(status) }) }),
    malformed(res) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: RunContent\ndata: {"event": "RunContent", "content": "trunc\n\n');
    },
    async route(request, res) {
      if (options.securityKey !== undefined) {
        const header = request.headers.authorization;
        if (!header) return sendJson(res, 401, { detail: 'Authorization header required' });
        if (header !== `Bearer ${options.securityKey}`)
          return sendJson(res, 401, { detail: 'Invalid authentication token' });
      }
      const match = /^\/agents(?:\/([^/]+))?(\/runs)?$/.exec(request.path);
      if (request.method === 'GET' && request.path === '/')
        return sendJson(res, 200, { name: 'AgentOS API', id: 'fake-os', version: '2.9.0' });
      if (request.method === 'GET' && request.path === '/health')
        return sendJson(res, 200, { status: 'ok', instantiated_at: new Date().toISOString() });
      if (!match) return sendJson(res, 404, { detail: 'Not Found' });
      const agent =
        match[1] === undefined ? undefined : agents.find((candidate) => candidate.id === decodeURIComponent(match[1]!));
      if (request.method === 'GET' && match[1] === undefined && !match[2])
        return sendJson(res, 200, agents.map(agentResponse));
      if (match[1] !== undefined && !agent) return sendJson(res, 404, { detail: 'Agent not found' });
      if (request.method === 'GET' && agent && !match[2]) return sendJson(res, 200, agentResponse(agent));
      if (request.method !== 'POST' || !agent || !match[2]) return sendJson(res, 405, { detail: 'Method Not Allowed' });
      const form = parseForm(request);
      if (!form?.message) {
        return sendJson(res, 422, {
          detail: [{ type: 'missing', loc: ['body', 'message'], msg: 'Field required', input: null }],
        });
      }
      runs.push(form);
      const run = typeof options.run === 'function' ? options.run(form) : (options.run ?? DEFAULT_RUN);
      const base = {
        agent_id: agent.id,
        agent_name: agent.name ?? agent.id,
        run_id: randomUUID(),
        session_id: form.session_id ?? randomUUID(),
      };
      if (form.stream === 'false') return sendJson(res, 200, runOutput(run, base));
      await streamRun(res, run, base);
    },
  });
  return Object.assign(server, { runs });
}
