import { AgentError, type AgentEvent } from '@payready/agent-contract';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ResponseStreamEvent, Response as OpenAIResponse } from 'openai/resources/responses/responses';
import { codexStreamFailure } from './codex-error.js';

/**
 * Both translators yield text deltas as they arrive, then one `usage` (when the upstream reported it) and one
 * `done`. A stream that ends before its terminal event is an error, never a short answer: the SDK ends
 * iteration quietly when its request is aborted, and a proxy may close a connection cleanly mid-answer.
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
        yield* finish(event.response, 'stop');
        return;
      case 'response.incomplete': {
        const reason = event.response.incomplete_details?.reason;
        if (reason === 'content_filter') {
          yield* usageOf(event.response);
          throw new AgentError({ kind: 'content_filter', message: `${label} stopped the answer (content_filter)` });
        }
        yield* finish(event.response, reason === 'max_output_tokens' ? 'length' : (reason ?? 'incomplete'));
        return;
      }
      case 'response.failed':
        throw codexStreamFailure({ code: event.response.error?.code, message: event.response.error?.message, label });
      case 'error':
        throw codexStreamFailure({ code: event.code, message: event.message, label });
      default:
        break;
    }
  }
  throw incomplete(seen, label, 'response.completed');

  function* finish(response: OpenAIResponse, finishReason: string): Generator<AgentEvent> {
    yield* usageOf(response);
    const answered = response.model || model;
    yield { type: 'done', finishReason, ...(answered ? { model: answered } : {}) };
  }
}

function* usageOf(response: OpenAIResponse): Generator<AgentEvent> {
  if (response.usage)
    yield { type: 'usage', inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens };
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
  let usage: { inputTokens: number; outputTokens: number } | undefined;
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
  if (usage) yield { type: 'usage', ...usage };
  if (finishReason === 'content_filter' || refusal) {
    const why = refusal ? `: ${refusal.slice(0, 200)}` : ' (content_filter)';
    throw new AgentError({ kind: 'content_filter', message: `${label} declined to answer${why}` });
  }
  yield { type: 'done', finishReason, ...(model ? { model } : {}) };
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
