import { AgentError, type AgentEvent } from '@payready/agent-contract';
import type { Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';

/**
 * Translates the Messages API event stream into AgentEvents: text deltas as they come, then exactly one
 * `usage` and one `done` after `message_stop`.
 *
 * A stream that ends without `message_stop` is an error, never a short answer: the SDK ends iteration quietly
 * when its request is aborted, and a proxy may close a connection cleanly in the middle of an answer.
 */
export async function* claudeStream(events: AsyncIterable<RawMessageStreamEvent>): AsyncGenerator<AgentEvent> {
  let model: string | undefined;
  let inputTokens = 0;
  let outputTokens = 0;
  let stopReason: string | undefined;
  let seen = 0;
  for await (const event of events) {
    seen += 1;
    switch (event.type) {
      case 'message_start':
        model = event.message.model;
        inputTokens = event.message.usage.input_tokens;
        outputTokens = event.message.usage.output_tokens;
        break;
      case 'content_block_delta':
        if (event.delta.type === 'text_delta' && event.delta.text) yield { type: 'text-delta', text: event.delta.text };
        break;
      case 'message_delta':
        // Usage counts in message_delta are cumulative, not increments.
        outputTokens = event.usage.output_tokens;
        if (typeof event.usage.input_tokens === 'number') inputTokens = event.usage.input_tokens;
        stopReason = event.delta.stop_reason ?? stopReason;
        break;
      case 'message_stop':
        yield* claudeEnding({ model, inputTokens, outputTokens, stopReason });
        return;
      default:
        // content_block_start/stop, thinking and tool deltas, and event types added after this was written.
        break;
    }
  }
  if (seen === 0) {
    throw new AgentError({
      kind: 'internal',
      retryable: true,
      message: 'anthropic stream ended before its first event (empty body or malformed SSE)',
    });
  }
  throw new AgentError({
    kind: 'network',
    message: 'anthropic stream ended before message_stop (connection closed mid-answer)',
  });
}

/** A non-streamed Messages API answer (ExecuteContext.stream false): its text blocks as one delta, then the same ending. */
export function* claudeMessageEvents(message: Message): Generator<AgentEvent> {
  let text = '';
  for (const block of message.content) if (block.type === 'text') text += block.text;
  if (text) yield { type: 'text-delta', text };
  yield* claudeEnding({
    model: message.model,
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
    stopReason: message.stop_reason ?? undefined,
  });
}

function* claudeEnding(ending: {
  model: string | undefined;
  inputTokens: number;
  outputTokens: number;
  stopReason: string | undefined;
}): Generator<AgentEvent> {
  yield { type: 'usage', inputTokens: ending.inputTokens, outputTokens: ending.outputTokens };
  if (ending.stopReason === 'refusal') {
    throw new AgentError({ kind: 'content_filter', message: 'anthropic declined to answer (stop_reason refusal)' });
  }
  yield {
    type: 'done',
    finishReason: ending.stopReason ?? 'end_turn',
    ...(ending.model === undefined ? {} : { model: ending.model }),
  };
}
