import { AgentError, type AgentEvent } from '@payready/agent-contract';
import { agnoMalformed, agnoRunError } from './agno-error.js';

export interface SseMessage {
  /** The `event:` field; empty when the server sent none. */
  event: string;
  data: string;
}

/**
 * Server-sent events as the official SDKs decode them: LF or CRLF lines, `event:` names the event,
 * `data:` lines accumulate joined with `\n`, one leading space after the colon is dropped, `:` lines are
 * comments, and a blank line dispatches. An event without its blank line is never delivered.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length > 0 || event) yield { event, data: data.join('\n') };
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
  }
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  // Structured output (`content_type` other than "str") arrives as an object.
  return JSON.stringify(content);
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function parsePayload(message: SseMessage): Record<string, unknown> {
  try {
    const payload = JSON.parse(message.data) as unknown;
    if (typeof payload === 'object' && payload !== null) return payload as Record<string, unknown>;
  } catch (error) {
    throw agnoMalformed(`an SSE event whose data is not JSON (${message.event || 'unnamed'})`, error);
  }
  throw agnoMalformed(`an SSE event whose data is not a JSON object (${message.event || 'unnamed'})`);
}

/** The events of a finished run: its text (when none was streamed), token usage and `done`. */
function* completion(
  payload: Record<string, unknown>,
  state: { streamed: boolean; model?: string },
): Generator<AgentEvent> {
  if (!state.streamed) {
    const text = contentText(payload.content);
    if (text) yield { type: 'text-delta', text };
  }
  const metrics = payload.metrics as Record<string, unknown> | undefined;
  if (metrics && typeof metrics === 'object') {
    yield {
      type: 'usage',
      inputTokens: numberOr0(metrics.input_tokens),
      outputTokens: numberOr0(metrics.output_tokens),
    };
  }
  const model = typeof payload.model === 'string' && payload.model ? payload.model : state.model;
  yield { type: 'done', finishReason: 'stop', ...(model ? { model } : {}) };
}

/**
 * AgentOS run events → AgentEvents: `RunContent` deltas become text, `RunCompleted` brings usage and
 * `done`, `RunError` (sent on an already-200 stream) becomes an AgentError. Every other event name —
 * tool calls, reasoning, memory, hooks, names added by later Agno versions — is ignored, as Agno's own
 * client does.
 */
export async function* toAgentEvents(messages: AsyncIterable<SseMessage>): AsyncGenerator<AgentEvent> {
  const state: { streamed: boolean; model?: string } = { streamed: false };
  for await (const message of messages) {
    const payload = parsePayload(message);
    const name = message.event || (typeof payload.event === 'string' ? payload.event : '');
    switch (name) {
      case 'RunStarted':
        if (typeof payload.model === 'string' && payload.model) state.model = payload.model;
        break;
      case 'RunContent': {
        const text = contentText(payload.content);
        if (text) {
          state.streamed = true;
          yield { type: 'text-delta', text };
        }
        break;
      }
      case 'RunCompleted':
        yield* completion(payload, state);
        return;
      case 'RunError':
        throw agnoRunError(payload);
      case 'RunCancelled':
        throw new AgentError({
          kind: 'unavailable',
          message: `Agno AgentOS cancelled the run${typeof payload.reason === 'string' ? `: ${payload.reason}` : ''}`,
        });
      case 'RunPaused':
        // The run waits for a tool confirmation or user input that a one-shot ask cannot give.
        throw new AgentError({
          kind: 'unavailable',
          message: 'Agno AgentOS paused the run for tool confirmation or user input, which payready cannot provide',
        });
    }
  }
  throw new AgentError({ kind: 'network', message: 'Agno AgentOS stream ended before RunCompleted' });
}

/** A non-streamed run (`RunOutput.to_dict()`), for servers that answer JSON despite `stream=true`. */
export function* runOutputEvents(output: unknown): Generator<AgentEvent> {
  if (typeof output !== 'object' || output === null) throw agnoMalformed('a run response that is not a JSON object');
  const payload = output as Record<string, unknown>;
  if (payload.status === 'ERROR') throw agnoRunError({ content: payload.content });
  yield* completion(payload, { streamed: false });
}
