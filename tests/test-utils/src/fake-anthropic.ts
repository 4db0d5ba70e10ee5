import type { ServerResponse } from 'node:http';
import {
  chunkText,
  resetConnection,
  ScenarioSource,
  startEventStream,
  extendFixture,
  startHttpFixture,
  undispatchedSse,
  writeSseFrames,
  type FakeScenario,
  type FakeUpstream,
  type RecordedRequest,
  type SseFrame,
} from './http-fixture.js';

/**
 * A local stand-in for the Anthropic Messages API (`POST /v1/messages`, `GET /v1/models`), speaking the wire
 * format the official SDK parses: named SSE events in the fixed order message_start → content_block_start →
 * ping → content_block_delta… → content_block_stop → message_delta → message_stop, error bodies
 * `{"type":"error","error":{type,message},"request_id"}` and a `request-id` header on every response.
 *
 * ```ts
 * const fake = await startFakeAnthropic();
 * fake.enqueue({ kind: 'text', text: 'Hi there' }, { kind: 'error', status: 529 });
 * new Anthropic({ baseURL: fake.url, apiKey: 'sk-test', maxRetries: 0 });
 * fake.requests[0]?.body; // { model, max_tokens, messages, stream: true, … }
 * await fake.close();
 * ```
 */

export interface FakeAnthropicOptions {
  /** The only key accepted (as `x-api-key` or `Authorization: Bearer`). Default: any non-empty key. */
  apiKey?: string;
  /** Scenario for requests nothing was queued for. Default: `{ kind: 'text', text: 'Hello from fake Anthropic.' }`. */
  defaultScenario?: FakeScenario;
  /** Models listed by `GET /v1/models`. */
  models?: string[];
}

export type FakeAnthropic = FakeUpstream;

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const scenarios = new ScenarioSource(options.defaultScenario ?? { kind: 'text', text: 'Hello from fake Anthropic.' });
  let sequence = 0;
  const fixture = await startHttpFixture(async (request, res) => {
    sequence += 1;
    const ids = { request: `req_fake_${sequence}`, message: `msg_fake_${sequence}` };
    const rejection = validate(request, options);
    if (rejection) return sendError(res, ids.request, rejection);
    if (request.method === 'GET' && request.path === '/v1/models') return sendModels(res, ids.request, options.models);
    await render(res, { scenario: await scenarios.next(request), request, ids });
  });
  return extendFixture<FakeAnthropic>(fixture, {
    enqueue: (...items) => scenarios.enqueue(...items),
    setHandler: (handler) => scenarios.setHandler(handler),
  });
}

interface ErrorSpec {
  status: number;
  type?: string;
  message?: string;
  headers?: Record<string, string>;
  body?: string;
}

function validate(request: RecordedRequest, options: FakeAnthropicOptions): ErrorSpec | undefined {
  const known = (request.method === 'POST' && request.path === '/v1/messages') || request.path === '/v1/models';
  if (!known) return { status: 404, message: `Not found: ${request.method} ${request.path}` };
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const header = request.headers['x-api-key'];
  const key = typeof header === 'string' ? header : bearer;
  if (!key || (options.apiKey !== undefined && key !== options.apiKey)) {
    return { status: 401, message: 'invalid x-api-key' };
  }
  if (!request.headers['anthropic-version']) {
    return { status: 400, message: 'anthropic-version: header is required' };
  }
  if (request.method === 'POST' && (typeof request.body !== 'object' || request.body === null)) {
    return { status: 400, message: 'The request body is not valid JSON.' };
  }
  return undefined;
}

function sendError(res: ServerResponse, requestId: string, spec: ErrorSpec): void {
  const type = spec.type ?? ERROR_TYPES[spec.status] ?? (spec.status >= 500 ? 'api_error' : 'invalid_request_error');
  const body =
    spec.body ??
    JSON.stringify({ type: 'error', error: { type, message: spec.message ?? `fake ${type}` }, request_id: requestId });
  res.writeHead(spec.status, { 'content-type': 'application/json', 'request-id': requestId, ...spec.headers });
  res.end(body);
}

function sendModels(res: ServerResponse, requestId: string, models = ['claude-sonnet-5-5', 'claude-haiku-4-5']): void {
  const data = models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' }));
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
  res.end(JSON.stringify({ data, has_more: false, first_id: models[0] ?? null, last_id: models.at(-1) ?? null }));
}

interface RenderInput {
  scenario: FakeScenario;
  request: RecordedRequest;
  ids: { request: string; message: string };
}

async function render(res: ServerResponse, { scenario, request, ids }: RenderInput): Promise<void> {
  const body = request.body as { model?: string; stream?: boolean };
  const model = (scenario.kind === 'text' ? scenario.model : undefined) ?? body.model ?? 'claude-fake';
  const events = new AnthropicEvents(ids.message, model);
  const stream = (headers?: Record<string, string>) => startEventStream(res, { 'request-id': ids.request, ...headers });
  switch (scenario.kind) {
    case 'error':
      return sendError(res, ids.request, scenario);
    case 'hang':
      return;
    case 'text': {
      const chunks = scenario.chunks ?? chunkText(scenario.text);
      const usage = { input: scenario.inputTokens ?? 25, output: scenario.outputTokens ?? chunks.length };
      const stopReason = scenario.stopReason ?? 'end_turn';
      if (body.stream !== true)
        return sendMessage(res, ids.request, { events, text: scenario.text, stopReason, usage });
      stream(scenario.headers);
      return writeSseFrames(res, [
        ...events.head(usage.input),
        ...chunks.map((c) => events.delta(c)),
        ...events.tail(stopReason, usage.output),
      ]);
    }
    case 'stream-error': {
      stream();
      const error = {
        type: 'error',
        error: { type: scenario.type ?? 'overloaded_error', message: scenario.message ?? 'Overloaded' },
      };
      return writeSseFrames(res, [...events.head(25), events.delta(scenario.text ?? 'Hel'), frame('error', error)]);
    }
    case 'stall-mid-stream':
      stream();
      return writeSseFrames(res, [...events.head(25), events.delta(scenario.text ?? 'Hel')], { end: false });
    case 'reset-mid-stream':
      stream();
      await writeSseFrames(res, [...events.head(25), events.delta(scenario.text ?? 'Hel')], { end: false });
      return resetConnection(res);
    case 'malformed-sse':
      stream();
      res.end(undispatchedSse([...events.head(25), events.delta('Hello'), ...events.tail('end_turn', 1)]));
      return;
    case 'malformed-json':
      stream();
      await writeSseFrames(res, events.head(25), { end: false });
      return writeSseFrames(res, [
        ['content_block_delta', '{"type":"content_block_delta","index":0,"delta":{"type":"text_del'],
      ]);
    case 'empty':
      stream();
      res.end();
      return;
  }
}

function frame(event: string, data: unknown): SseFrame {
  return [event, JSON.stringify(data)];
}

class AnthropicEvents {
  constructor(
    private readonly id: string,
    private readonly model: string,
  ) {}

  head(inputTokens: number): SseFrame[] {
    const message = {
      id: this.id,
      type: 'message',
      role: 'assistant',
      content: [],
      model: this.model,
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 1 },
    };
    return [
      frame('message_start', { type: 'message_start', message }),
      frame('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      }),
      frame('ping', { type: 'ping' }),
    ];
  }

  delta(text: string): SseFrame {
    return frame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
  }

  tail(stopReason: string, outputTokens: number): SseFrame[] {
    return [
      frame('content_block_stop', { type: 'content_block_stop', index: 0 }),
      frame('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: outputTokens },
      }),
      frame('message_stop', { type: 'message_stop' }),
    ];
  }

  message(text: string, stopReason: string, usage: { input: number; output: number }): unknown {
    return {
      id: this.id,
      type: 'message',
      role: 'assistant',
      model: this.model,
      content: [{ type: 'text', text }],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: {
        input_tokens: usage.input,
        output_tokens: usage.output,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    };
  }
}

function sendMessage(
  res: ServerResponse,
  requestId: string,
  input: { events: AnthropicEvents; text: string; stopReason: string; usage: { input: number; output: number } },
): void {
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
  res.end(JSON.stringify(input.events.message(input.text, input.stopReason, input.usage)));
}
