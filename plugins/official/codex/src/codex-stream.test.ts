import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { AgentError, type AgentEvent } from '@payready/agent-contract';
import { describe, expect, it } from 'vitest';
import { chatStream, responsesStream } from './codex-stream.js';

async function* from<T>(events: unknown[]): AsyncGenerator<T> {
  for (const event of events) yield event as T;
}

async function collect(stream: AsyncGenerator<AgentEvent>): Promise<{ out: AgentEvent[]; error?: AgentError }> {
  const out: AgentEvent[] = [];
  try {
    for await (const event of stream) out.push(event);
    return { out };
  } catch (error) {
    if (!AgentError.isInstance(error)) throw error;
    return { out, error };
  }
}

const responses = (events: unknown[]) => collect(responsesStream(from<ResponseStreamEvent>(events), 'openai'));
const chat = (chunks: unknown[]) => collect(chatStream(from<ChatCompletionChunk>(chunks), 'openai'));
const usage = { input_tokens: 4, output_tokens: 2 };

describe('responsesStream', () => {
  it('deltas, then usage and done from response.completed', async () => {
    const { out } = await responses([
      { type: 'response.created', response: { model: 'gpt-5-mini' } },
      { type: 'response.output_text.delta', delta: 'Hi' },
      { type: 'response.reasoning_summary_text.delta', delta: 'ignored' },
      { type: 'response.completed', response: { model: 'gpt-5-mini-2025', usage } },
    ]);
    expect(out).toEqual([
      { type: 'text-delta', text: 'Hi' },
      { type: 'usage', inputTokens: 4, outputTokens: 2 },
      { type: 'done', finishReason: 'stop', model: 'gpt-5-mini-2025' },
    ]);
  });

  it('response.failed and error events become classified AgentErrors', async () => {
    expect(
      (
        await responses([
          { type: 'response.failed', response: { error: { code: 'rate_limit_exceeded', message: 'slow' } } },
        ])
      ).error,
    ).toMatchObject({ kind: 'rate_limit' });
    expect((await responses([{ type: 'error', code: 'server_error', message: 'boom' }])).error).toMatchObject({
      kind: 'internal',
      retryable: true,
      message: 'openai stream error server_error: boom',
    });
  });

  it('no terminal event → network; no event at all → internal', async () => {
    expect((await responses([{ type: 'response.output_text.delta', delta: 'Hi' }])).error).toMatchObject({
      kind: 'network',
    });
    expect((await responses([])).error).toMatchObject({ kind: 'internal', retryable: true });
  });
});

describe('chatStream', () => {
  const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });

  it('deltas, then the usage chunk (choices: []) and done', async () => {
    const { out } = await chat([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'A' }),
      chunk({}, 'stop'),
      { model: 'm', choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } },
    ]);
    expect(out).toEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'usage', inputTokens: 3, outputTokens: 1 },
      { type: 'done', finishReason: 'stop', model: 'm' },
    ]);
  });

  it('no usage event when the server sent none', async () => {
    const { out } = await chat([chunk({ content: 'A' }), chunk({}, 'stop')]);
    expect(out.map((event) => event.type)).toEqual(['text-delta', 'done']);
  });

  it('a refusal → content_filter', async () => {
    expect((await chat([chunk({ refusal: 'I can’t help with that.' }), chunk({}, 'stop')])).error).toMatchObject({
      kind: 'content_filter',
    });
  });

  it('no finish_reason → network', async () => {
    expect((await chat([chunk({ content: 'A' })])).error).toMatchObject({ kind: 'network' });
  });
});
