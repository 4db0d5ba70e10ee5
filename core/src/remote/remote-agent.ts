import {
  AGENT_ERROR_KINDS,
  AgentError,
  CONTRACT_VERSION,
  type AgentErrorKind,
  type AgentEvent,
  type AgentPlugin,
  type AgentRequest,
  type ExecuteContext,
} from '@payready/agent-contract';
import type { EndpointPool } from './endpoint-pool.js';
import { sseEvents } from './sse-events.js';

/** The bearer token sent to remote `payready serve` instances (they hash and compare it). */
export const REMOTE_TOKEN_KEYS = ['PAYREADY_REMOTE_TOKEN'] as const;

export interface RemoteAgentOptions {
  /** The agent's name here. */
  name: string;
  /** The agent forced on the remote instances. */
  remoteAgent: string;
  pool: EndpointPool;
  /** The local plugin of the same name, if any: its routing score, description and fallback are kept. */
  local?: AgentPlugin;
}

const KINDS = new Set<string>(AGENT_ERROR_KINDS);

function kindForStatus(status: number): AgentErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 504) return 'timeout';
  if (status === 503) return 'overloaded';
  if (status === 502 || status === 404) return 'unavailable';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'internal';
}

interface RemoteErrorBody {
  error?: { type?: string; message?: string; kind?: string };
}

/** The remote's error, as the AgentError kind it reported (or its status implies), so fallbacks behave as local ones. */
function remoteError(input: {
  status: number;
  body: RemoteErrorBody | undefined;
  base: string;
  retryAfter: string | null;
}): AgentError {
  const reported = input.body?.error?.kind;
  const kind = reported && KINDS.has(reported) ? (reported as AgentErrorKind) : kindForStatus(input.status);
  const seconds = input.retryAfter === null ? Number.NaN : Number(input.retryAfter);
  return new AgentError({
    kind,
    message: `${input.base}: ${input.body?.error?.message?.split('\n')[0] ?? `HTTP ${input.status}`}`,
    ...(input.status > 0 ? { status: input.status } : {}),
    ...(Number.isFinite(seconds) ? { retryAfterMs: seconds * 1000 } : {}),
  });
}

function remoteBody(request: AgentRequest, remoteAgent: string, timeoutMs: number): string {
  const { persona } = request;
  return JSON.stringify({
    prompt: request.text,
    agent: remoteAgent,
    persona: {
      name: persona.name,
      ...(persona.system !== undefined ? { system: persona.system } : {}),
      ...(persona.temperature !== undefined ? { temperature: persona.temperature } : {}),
      ...(persona.model !== undefined ? { model: persona.model } : {}),
      ...(persona.maxTokens !== undefined ? { max_tokens: persona.maxTokens } : {}),
    },
    ...(request.model ? { model: request.model } : {}),
    ...(request.history ? { history: request.history } : {}),
    // One attempt of one agent there: retries, fallbacks and caching are this side's executor's job.
    fallback: false,
    retries: 0,
    cache: false,
    timeout: `${Math.max(1, Math.round(timeoutMs))}ms`,
    stream: true,
  });
}

/** Reads the remote's `/v1/ask` event stream into agent events. */
async function* readStream(body: AsyncIterable<Uint8Array>, base: string): AsyncGenerator<AgentEvent> {
  let text = false;
  for await (const { event, data } of sseEvents(body)) {
    if (event === 'text-delta' || event === 'usage' || event === 'source' || event === 'done') {
      const { agent: _agent, ...payload } = JSON.parse(data) as Record<string, unknown>;
      if (event === 'text-delta') text = true;
      yield { ...payload, type: event } as AgentEvent;
    } else if (event === 'error') {
      throw remoteError({ status: 0, body: JSON.parse(data) as RemoteErrorBody, base, retryAfter: null });
    } else if (event === 'result') {
      const result = JSON.parse(data) as { answer: string; finishReason: string | null; model: string | null };
      // An answer that came whole (a cache hit there) has no deltas.
      if (!text && result.answer) {
        yield { type: 'text-delta', text: result.answer };
        yield {
          type: 'done',
          finishReason: result.finishReason ?? 'stop',
          ...(result.model ? { model: result.model } : {}),
        };
      }
      return;
    }
  }
  throw new AgentError({ kind: 'network', message: `${base}: the event stream ended before the answer did` });
}

async function* executeRemote(
  options: RemoteAgentOptions,
  request: AgentRequest,
  context: ExecuteContext,
): AsyncGenerator<AgentEvent> {
  const base = await options.pool.next(context.signal);
  const token = context.resolveKey(REMOTE_TOKEN_KEYS)?.value;
  let response: Response;
  try {
    response = await fetch(`${base}/v1/ask`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: remoteBody(request, options.remoteAgent, context.timeoutMs),
      signal: context.signal,
    });
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    options.pool.markDown(base);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new AgentError({
      kind: 'network',
      message: `${base}: ${cause?.code ?? cause?.message ?? String(error)}`,
      cause: error,
    });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as RemoteErrorBody | undefined;
    throw remoteError({ status: response.status, body, base, retryAfter: response.headers.get('retry-after') });
  }
  try {
    yield* readStream(response.body!, base);
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    if (AgentError.isInstance(error)) throw error;
    throw new AgentError({
      kind: 'network',
      message: `${base}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

/**
 * An agent that runs on other `payready serve` instances (agents.<name>.endpoint or discovery: consul):
 * this side routes, retries and falls back as usual; each attempt is one `POST /v1/ask` with the agent
 * forced, streamed back over SSE. Round-robin over the healthy instances.
 */
export function createRemoteAgentPlugin(options: RemoteAgentOptions): AgentPlugin {
  const { local } = options;
  return {
    contractVersion: CONTRACT_VERSION,
    name: options.name,
    version: local?.version ?? '0.0.0',
    description: `${local?.description ?? options.name} (remote: ${options.pool.describe()})`,
    ...(local?.fallback ? { fallback: local.fallback } : {}),
    generative: local?.generative ?? true,
    // The local plugin's score may need its state (the local agent's index).
    ...(local?.init ? { init: (environment) => local.init!(environment) } : {}),
    canHandle: local ? (query) => local.canHandle(query) : () => 0,
    // Which instances are up is learnt by calling them; a missing local key does not matter here.
    available: () => ({ ok: true }),
    execute: (request, context) => executeRemote(options, request, context),
  };
}
