import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { AgentError, type AgentEvent } from '@payready/agent-contract';
import { describe, expect, it } from 'vitest';
import { claudeStream } from './claude-stream.js';

async function* from(events: unknown[]): AsyncGenerator<RawMessageStreamEvent> {
  for (const event of events) yield event as RawMessageStreamEvent;
}

async function collect(events: unknown[]): Promise<{ out: AgentEvent[]; error?: AgentError }> {
  const out: AgentEvent[] = [];
  try {
    for await (const event of claudeStream(from(events))) out.push(event);
    return { out };
  } catch (error) {
    if (!AgentError.isInstance(error)) throw error;
    return { out, error };
  }
}

const start = { type: 'message_start', message: { model: 'm', usage: { input_tokens: 5, output_tokens: 1 } } };
const delta = (text: string) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
const messageDelta = (stop: string, output: number, input?: number) => ({
  type: 'message_delta',
  delta: { stop_reason: stop },
  usage: { output_tokens: output, ...(input === undefined ? {} : { input_tokens: input }) },
});

describe('claudeStream', () => {
  it('ignores unknown and non-text events, and takes the last cumulative usage', async () => {
    const { out } = await collect([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
      { type: 'some_future_event' },
      delta('A'),
      messageDelta('end_turn', 3),
      messageDelta('end_turn', 7, 6),
      { type: 'message_stop' },
    ]);
    expect(out).toEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'usage', inputTokens: 6, outputTokens: 7 },
      { type: 'done', finishReason: 'end_turn', model: 'm' },
    ]);
  });

  it('no event at all → internal, retryable', async () => {
    expect((await collect([])).error).toMatchObject({ kind: 'internal', retryable: true });
  });

  it('ended before message_stop → network, after the deltas that came', async () => {
    const { out, error } = await collect([start, delta('Hel')]);
    expect(out).toEqual([{ type: 'text-delta', text: 'Hel' }]);
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });

  it('stop_reason refusal → content_filter, after the usage', async () => {
    const { out, error } = await collect([start, messageDelta('refusal', 2), { type: 'message_stop' }]);
    expect(out).toEqual([{ type: 'usage', inputTokens: 5, outputTokens: 2 }]);
    expect(error).toMatchObject({ kind: 'content_filter', retryable: false });
  });
});
