import { AgentError, type AgentEvent } from '@payready/agent-contract';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ResponseStreamEvent, Response as OpenAIResponse } from 'openai/resources/responses/responses';
import { codexStreamFailure } from './codex-error.js';

/**
 * Both translators yield text deltas as they arrive, then one `usage` (when the upstream reported it) and one
 * `done`. A stream that ends before its terminal event is an error, never a short answer: the SDK ends
 * iteration quietly when its request is aborted, and a proxy may close a connection cleanly mid-answer.
 * A non-streamed answer (ExecuteContext.stream false) goes through the same endings, its text as one delta.
 */

/** Responses API: `response.output_text.delta` …, then `response.completed` (or `.incomplete`, `.failed`, `error`). */
export async function* responsesStream(
  events: AsyncIterable<ResponseStreamEvent>,
  label: string,
): AsyncGenerator<AgentEvent> {
  let model: string | undefined;
  let seen = 0;
  for await (const event of events) {
    seen += 1;
    switch (event.type) {
      case 'response.created':
        model = event.response.model;
        break;
      case 'response.output_text.delta':
        if (event.delta) yield { type: 'text-delta', text: event.delta };
        break;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        // The event's type is the status (the response object inside need not repeat it).
        yield* responseEnding(event.response, STATUS_OF[event.type], label, model);
        return;
      case 'error':
        throw codexStreamFailure({ code: event.code, message: event.message, label });
      default:
        break;
    }
  }
  throw incomplete(seen, label, 'response.completed');
}

/** A non-streamed Responses API answer. */
export function* responseEvents(response: OpenAIResponse, label: string): Generator<AgentEvent> {
  if (response.status === 'completed' || response.status === 'incomplete') {
    const text = response.output_text;
    if (text) yield { type: 'text-delta', text };
  }
  yield* responseEnding(response, response.status, label, undefined);
}

const STATUS_OF = {
  'response.completed': 'completed',
  'response.incomplete': 'incomplete',
  'response.failed': 'failed',
} as const;

/** The ending of a response by its status: usage and done, or the error it stands for. */
function* responseEnding(
  response: OpenAIResponse,
  status: OpenAIResponse['status'],
  label: string,
  model: string | undefined,
): Generator<AgentEvent> {
  switch (status) {
    case 'completed':
      return yield* finish('stop');
    case 'incomplete': {
      const reason = response.incomplete_details?.reason;
      if (reason === 'content_filter') {
        yield* usageOf(response);
        throw new AgentError({ kind: 'content_filter', message: `${label} stopped the answer (content_filter)` });
      }
      return yield* finish(reason === 'max_output_tokens' ? 'length' : (reason ?? 'incomplete'));
    }
    case 'failed':
      throw codexStreamFailure({ code: response.error?.code, message: response.error?.message, label });
    default:
      throw new AgentError({
        kind: 'internal',
        retryable: true,
        message: `${label} returned a response with status ${String(status)}`,
      });
  }

  function* finish(finishReason: string): Generator<AgentEvent> {
    yield* usageOf(response);
    const answered = response.model || model;
    yield { type: 'done', finishReason, ...(answered ? { model: answered } : {}) };
  }
}

function* usageOf(response: OpenAIResponse): Generator<AgentEvent> {
  if (response.usage)
    yield { type: 'usage', inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens };
}

interface ChatEnding {
  model: string | undefined;
  finishReason: string;
  usage: { inputTokens: number; outputTokens: number } | undefined;
  refusal: string;
}

/**
 * Chat Completions: data-only chunks; with `stream_options.include_usage` a last chunk with `choices: []`
 * carries the usage. Servers that ignore include_usage send none, and then no usage event is emitted.
 */
export async function* chatStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
  label: string,
): AsyncGenerator<AgentEvent> {
  let model: string | undefined;
  let finishReason: string | undefined;
  let usage: ChatEnding['usage'];
  let refusal = '';
  let seen = 0;
  for await (const chunk of chunks) {
    seen += 1;
    model = chunk.model || model;
    if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
    const choice = chunk.choices[0];
    if (!choice) continue;
    if (choice.delta?.content) yield { type: 'text-delta', text: choice.delta.content };
    if (choice.delta?.refusal) refusal += choice.delta.refusal;
    finishReason = choice.finish_reason ?? finishReason;
  }
  if (finishReason === undefined) throw incomplete(seen, label, 'a finish_reason');
  yield* chatEnding({ model, finishReason, usage, refusal }, label);
}

/** A non-streamed Chat Completions answer. */
export function* chatCompletionEvents(completion: ChatCompletion, label: string): Generator<AgentEvent> {
  const choice = completion.choices[0];
  if (!choice?.finish_reason) {
    throw new AgentError({
      kind: 'internal',
      retryable: true,
      message: `${label} returned a completion with no choice`,
    });
  }
  if (choice.message.content) yield { type: 'text-delta', text: choice.message.content };
  const usage = completion.usage;
  yield* chatEnding(
    {
      model: completion.model || undefined,
      finishReason: choice.finish_reason,
      usage: usage ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens } : undefined,
      refusal: choice.message.refusal ?? '',
    },
    label,
  );
}

function* chatEnding(ending: ChatEnding, label: string): Generator<AgentEvent> {
  if (ending.usage) yield { type: 'usage', ...ending.usage };
  if (ending.finishReason === 'content_filter' || ending.refusal) {
    const why = ending.refusal ? `: ${ending.refusal.slice(0, 200)}` : ' (content_filter)';
    throw new AgentError({ kind: 'content_filter', message: `${label} declined to answer${why}` });
  }
  yield { type: 'done', finishReason: ending.finishReason, ...(ending.model ? { model: ending.model } : {}) };
}

function incomplete(seen: number, label: string, expected: string): AgentError {
  if (seen === 0) {
    return new AgentError({
      kind: 'internal',
      retryable: true,
      message: `${label} stream ended before its first event (empty body or malformed SSE)`,
    });
  }
  return new AgentError({
    kind: 'network',
    message: `${label} stream ended before ${expected} (connection closed mid-answer)`,
  });
}
