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
 * A local stand-in for the OpenAI API and OpenAI-compatible servers: `POST /v1/chat/completions` (data-only
 * SSE chunks, a `choices: []` usage chunk when `stream_options.include_usage`, then `data: [DONE]`),
 * `POST /v1/responses` (named events with `sequence_number`, terminal `response.completed` carrying usage, no
 * `[DONE]`) and `GET /v1/models`. Errors use `{"error":{message,type,param,code}}`; every response carries
 * `x-request-id`. Like the real API it rejects `max_tokens` for `gpt-5*` models.
 *
 * ```ts
 * const fake = await startFakeOpenAI();
 * fake.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '2' } });
 * new OpenAI({ baseURL: fake.url, apiKey: 'sk-test', maxRetries: 0 }); // fake.url ends in /v1
 * ```
 */

export interface FakeOpenAIOptions {
  /** The only key accepted as `Authorization: Bearer`; `null` accepts requests without any (local servers). Default: any key. */
  apiKey?: string | null;
  /** Scenario for requests nothing was queued for. Default: `{ kind: 'text', text: 'Hello from fake OpenAI.' }`. */
  defaultScenario?: FakeScenario;
  /** Models listed by `GET /v1/models`. */
  models?: string[];
}

export type FakeOpenAI = FakeUpstream;

const DEFAULTS: Record<number, { type: string; code: string | null }> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  413: { type: 'invalid_request_error', code: null },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
  500: { type: 'server_error', code: null },
  503: { type: 'server_error', code: 'slow_down' },
};

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const scenarios = new ScenarioSource(options.defaultScenario ?? { kind: 'text', text: 'Hello from fake OpenAI.' });
  let sequence = 0;
  const fixture = await startHttpFixture(async (request, res) => {
    sequence += 1;
    const requestId = `req_fake_${sequence}`;
    const rejection = validate(request, options);
    if (rejection) return sendError(res, requestId, rejection);
    if (request.method === 'GET') return sendModels(res, requestId, options.models);
    const scenario = await scenarios.next(request);
    const ids = { request: requestId, id: `${sequence}` };
    if (request.path === '/v1/responses') return renderResponses(res, { scenario, request, ids });
    return renderChat(res, { scenario, request, ids });
  });
  return extendFixture<FakeOpenAI>(fixture, {
    url: `${fixture.url}/v1`,
    enqueue: (...items) => scenarios.enqueue(...items),
    setHandler: (handler) => scenarios.setHandler(handler),
  });
}

interface ErrorSpec {
  status: number;
  type?: string;
  message?: string;
  code?: string | null;
  param?: string | null;
  headers?: Record<string, string>;
  body?: string;
}

function validate(request: RecordedRequest, options: FakeOpenAIOptions): ErrorSpec | undefined {
  const posts = ['/v1/chat/completions', '/v1/responses'];
  const known =
    (request.method === 'POST' && posts.includes(request.path)) ||
    (request.method === 'GET' && request.path === '/v1/models');
  if (!known) return { status: 404, message: `Invalid URL (${request.method} ${request.path})`, code: null };
  const key = /^Bearer (.*)$/.exec(request.headers.authorization ?? '')?.[1];
  if (options.apiKey !== null && (!key || (options.apiKey !== undefined && key !== options.apiKey))) {
    const shown = key ? `${key.slice(0, 3)}***${key.slice(-2)}` : '';
    return { status: 401, message: `Incorrect API key provided: ${shown}.` };
  }
  if (request.method === 'GET') return undefined;
  const body = request.body as { model?: unknown; max_tokens?: unknown } | undefined;
  if (typeof body !== 'object' || body === null)
    return { status: 400, message: 'We could not parse the JSON body of your request.' };
  if (typeof body.model !== 'string')
    return { status: 400, message: "Missing required parameter: 'model'.", param: 'model' };
  if (body.max_tokens !== undefined && body.model.startsWith('gpt-5')) {
    return {
      status: 400,
      message:
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      param: 'max_tokens',
      code: 'unsupported_parameter',
    };
  }
  return undefined;
}

function sendError(res: ServerResponse, requestId: string, spec: ErrorSpec): void {
  const fallback = DEFAULTS[spec.status] ?? {
    type: spec.status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
  };
  const error = {
    message: spec.message ?? `fake ${spec.type ?? fallback.type}`,
    type: spec.type ?? fallback.type,
    param: spec.param ?? null,
    code: spec.code === undefined ? fallback.code : spec.code,
  };
  res.writeHead(spec.status, { 'content-type': 'application/json', 'x-request-id': requestId, ...spec.headers });
  res.end(spec.body ?? JSON.stringify({ error }));
}

function sendModels(res: ServerResponse, requestId: string, models = ['gpt-5-mini', 'gpt-5']): void {
  const data = models.map((id) => ({ id, object: 'model', created: 1_735_689_600, owned_by: 'fake' }));
  sendJson(res, requestId, { object: 'list', data });
}

function sendJson(res: ServerResponse, requestId: string, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': requestId });
  res.end(JSON.stringify(value));
}

interface RenderInput {
  scenario: FakeScenario;
  request: RecordedRequest;
  ids: { request: string; id: string };
}

/** Everything but the successful text answer is rendered the same way for both APIs. */
async function renderCommon(res: ServerResponse, input: RenderInput, frames: StreamFrames): Promise<boolean> {
  const { scenario, ids } = input;
  const stream = () => startEventStream(res, { 'x-request-id': ids.request });
  switch (scenario.kind) {
    case 'text':
      return false;
    case 'error':
      sendError(res, ids.request, scenario);
      return true;
    case 'hang':
      return true;
    case 'stream-error':
      stream();
      await writeSseFrames(res, [...frames.head(), frames.delta(scenario.text ?? 'Hel'), frames.error(scenario)]);
      return true;
    case 'stall-mid-stream':
      stream();
      await writeSseFrames(res, [...frames.head(), frames.delta(scenario.text ?? 'Hel')], { end: false });
      return true;
    case 'reset-mid-stream':
      stream();
      await writeSseFrames(res, [...frames.head(), frames.delta(scenario.text ?? 'Hel')], { end: false });
      resetConnection(res);
      return true;
    case 'malformed-sse':
      stream();
      res.end(
        undispatchedSse([
          ...frames.head(),
          frames.delta('Hello'),
          ...frames.tail('stop', { input: 1, output: 1 }, 'Hello'),
        ]),
      );
      return true;
    case 'malformed-json':
      stream();
      await writeSseFrames(res, [...frames.head(), frames.malformed]);
      return true;
    case 'empty':
      stream();
      res.end();
      return true;
  }
}

interface Usage {
  input: number;
  output: number;
}

interface StreamFrames {
  head(): SseFrame[];
  delta(text: string): SseFrame;
  tail(finishReason: string, usage: Usage, text: string): SseFrame[];
  error(spec: { type?: string; message?: string; code?: string }): SseFrame;
  malformed: SseFrame;
}

async function renderChat(res: ServerResponse, input: RenderInput): Promise<void> {
  const body = input.request.body as { model: string; stream?: boolean; stream_options?: { include_usage?: boolean } };
  const scenario = input.scenario;
  const model = (scenario.kind === 'text' ? scenario.model : undefined) ?? body.model;
  const frames = chatFrames({
    id: `chatcmpl-fake-${input.ids.id}`,
    model,
    includeUsage: body.stream_options?.include_usage === true,
  });
  if (await renderCommon(res, input, frames)) return;
  if (scenario.kind !== 'text') return;
  const chunks = scenario.chunks ?? chunkText(scenario.text);
  const usage = { input: scenario.inputTokens ?? 12, output: scenario.outputTokens ?? chunks.length };
  const finishReason = scenario.stopReason ?? 'stop';
  if (body.stream !== true) {
    return sendJson(res, input.ids.request, {
      id: `chatcmpl-fake-${input.ids.id}`,
      object: 'chat.completion',
      created: 1_735_689_600,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: scenario.text, refusal: null },
          finish_reason: finishReason,
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    });
  }
  startEventStream(res, { 'x-request-id': input.ids.request, ...scenario.headers });
  await writeSseFrames(res, [
    ...frames.head(),
    ...chunks.map((c) => frames.delta(c)),
    ...frames.tail(finishReason, usage, scenario.text),
  ]);
}

function chatFrames(input: { id: string; model: string; includeUsage: boolean }): StreamFrames {
  const chunk = (choices: unknown[], usage: unknown = null): SseFrame => [
    undefined,
    JSON.stringify({
      id: input.id,
      object: 'chat.completion.chunk',
      created: 1_735_689_600,
      model: input.model,
      system_fingerprint: 'fp_fake',
      choices,
      ...(input.includeUsage ? { usage } : {}),
    }),
  ];
  const choice = (delta: unknown, finishReason: string | null = null) => ({
    index: 0,
    delta,
    finish_reason: finishReason,
    logprobs: null,
  });
  return {
    head: () => [chunk([choice({ role: 'assistant', content: '' })])],
    delta: (text) => chunk([choice({ content: text })]),
    tail(finishReason, usage) {
      const totals = {
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
      };
      const usageChunk = input.includeUsage ? [chunk([], totals)] : [];
      return [chunk([choice({}, finishReason)]), ...usageChunk, [undefined, '[DONE]']];
    },
    error: (spec) => [
      undefined,
      JSON.stringify({
        error: {
          message: spec.message ?? 'The server had an error while processing your request.',
          type: spec.type ?? 'server_error',
          param: null,
          code: spec.code ?? null,
        },
      }),
    ],
    malformed: [
      undefined,
      `{"id":"${input.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel`,
    ],
  };
}

async function renderResponses(res: ServerResponse, input: RenderInput): Promise<void> {
  const body = input.request.body as { model: string; stream?: boolean };
  const scenario = input.scenario;
  const model = (scenario.kind === 'text' ? scenario.model : undefined) ?? body.model;
  const frames = responsesFrames({ id: input.ids.id, model });
  if (await renderCommon(res, input, frames)) return;
  if (scenario.kind !== 'text') return;
  const chunks = scenario.chunks ?? chunkText(scenario.text);
  const usage = { input: scenario.inputTokens ?? 12, output: scenario.outputTokens ?? chunks.length };
  const finishReason = scenario.stopReason ?? 'stop';
  if (body.stream !== true)
    return sendJson(res, input.ids.request, frames.response(scenario.text, finishReason, usage));
  startEventStream(res, { 'x-request-id': input.ids.request, ...scenario.headers });
  await writeSseFrames(res, [
    ...frames.head(),
    ...chunks.map((c) => frames.delta(c)),
    ...frames.tail(finishReason, usage, scenario.text),
  ]);
}

function responsesFrames(input: { id: string; model: string }): StreamFrames & {
  response(text: string, finishReason: string, usage: Usage): unknown;
} {
  let sequence = 0;
  const itemId = `msg_fake_${input.id}`;
  const event = (type: string, data: Record<string, unknown>): SseFrame => [
    type,
    JSON.stringify({ type, ...data, sequence_number: sequence++ }),
  ];
  const part = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });
  const item = (text: string | undefined) => ({
    id: itemId,
    type: 'message',
    role: 'assistant',
    status: text === undefined ? 'in_progress' : 'completed',
    content: text === undefined ? [] : [part(text)],
  });
  const response = (
    text: string | undefined,
    finishReason: string | undefined,
    usage?: { input: number; output: number },
  ) => {
    const incomplete = finishReason === 'max_output_tokens' || finishReason === 'content_filter';
    return {
      id: `resp_fake_${input.id}`,
      object: 'response',
      created_at: 1_735_689_600,
      status: finishReason === undefined ? 'in_progress' : incomplete ? 'incomplete' : 'completed',
      model: input.model,
      output: text === undefined ? [] : [item(text)],
      error: null,
      incomplete_details: incomplete ? { reason: finishReason } : null,
      usage: usage
        ? {
            input_tokens: usage.input,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: usage.output,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: usage.input + usage.output,
          }
        : null,
    };
  };
  const location = { item_id: itemId, output_index: 0, content_index: 0 };
  return {
    head: () => [
      event('response.created', { response: response(undefined, undefined) }),
      event('response.in_progress', { response: response(undefined, undefined) }),
      event('response.output_item.added', { output_index: 0, item: item(undefined) }),
      event('response.content_part.added', { ...location, part: part('') }),
    ],
    delta: (text) => event('response.output_text.delta', { ...location, delta: text, logprobs: [] }),
    tail(finishReason, usage, text) {
      const final = response(text, finishReason, usage);
      const terminal = final.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
      return [
        event('response.output_text.done', { ...location, text, logprobs: [] }),
        event('response.content_part.done', { ...location, part: part(text) }),
        event('response.output_item.done', { output_index: 0, item: item(text) }),
        event(terminal, { response: final }),
      ];
    },
    error: (spec) =>
      event('error', {
        code: spec.code ?? 'server_error',
        message: spec.message ?? 'The server had an error while processing your request.',
        param: null,
      }),
    malformed: [
      'response.output_text.delta',
      `{"type":"response.output_text.delta","item_id":"${itemId}","delta":"Hel`,
    ],
    response: (text, finishReason, usage) => response(text, finishReason, usage),
  };
}
