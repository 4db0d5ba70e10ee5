import { AgentError, type AgentEvent } from '@payready/agent-contract';
import { describe, expect, it } from 'vitest';
import { parseSse, toAgentEvents, type SseMessage } from './agno-events.js';

async function* bytes(...chunks: string[]): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for (const chunk of chunks) yield encoder.encode(chunk);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function* messages(...list: Array<[string, Record<string, unknown>]>): AsyncGenerator<SseMessage> {
  for (const [event, data] of list) yield { event, data: JSON.stringify({ event, ...data }) };
}

describe('parseSse', () => {
  it('splits on blank lines across chunk boundaries, CRLF included', async () => {
    const parsed = await collect(
      parseSse(bytes('event: RunContent\r\nda', 'ta: {"a":1}\r\n', '\r\nevent: RunCompleted\ndata: {}\n\n')),
    );
    expect(parsed).toEqual([
      { event: 'RunContent', data: '{"a":1}' },
      { event: 'RunCompleted', data: '{}' },
    ]);
  });

  it('joins data lines, ignores comments, drops one leading space only', async () => {
    const parsed = await collect(parseSse(bytes(': keep-alive\n\ndata:  two\ndata:x\n\n')));
    expect(parsed).toEqual([{ event: '', data: ' two\nx' }]);
  });

  it('never delivers an event without its blank line', async () => {
    expect(await collect(parseSse(bytes('event: RunContent\ndata: {}\n')))).toEqual([]);
  });

  it('decodes UTF-8 split inside a character', async () => {
    const encoded = new TextEncoder().encode('data: é\n\n');
    async function* split() {
      yield encoded.slice(0, 7);
      yield encoded.slice(7);
    }
    expect(await collect(parseSse(split()))).toEqual([{ event: '', data: 'é' }]);
  });
});

describe('toAgentEvents', () => {
  it('RunContent deltas → text, RunCompleted → usage and done with the model of RunStarted', async () => {
    const events = await collect(
      toAgentEvents(
        messages(
          ['RunStarted', { model: 'gpt-4o', model_provider: 'OpenAI' }],
          ['ToolCallStarted', { tool: {} }],
          ['RunContent', { content: 'Hel', content_type: 'str' }],
          ['RunContent', { content: 'lo', content_type: 'str' }],
          ['RunContentCompleted', {}],
          ['RunCompleted', { content: 'Hello', metrics: { input_tokens: 10, output_tokens: 2 } }],
        ),
      ),
    );
    expect(events).toEqual<AgentEvent[]>([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'usage', inputTokens: 10, outputTokens: 2 },
      { type: 'done', finishReason: 'stop', model: 'gpt-4o' },
    ]);
  });

  it('uses RunCompleted content when nothing was streamed', async () => {
    const events = await collect(toAgentEvents(messages(['RunCompleted', { content: 'whole' }])));
    expect(events[0]).toEqual({ type: 'text-delta', text: 'whole' });
  });

  it.each([
    [{ error_type: 'input_check_error', error_id: 'prompt_injection' }, 'content_filter'],
    [{ error_type: 'model_provider_error', error_id: 'model_rate_limit_error' }, 'rate_limit'],
    [{ error_type: 'model_provider_error', error_id: 'context_window_exceeded_error' }, 'context_length'],
    [{ error_type: 'model_provider_error', error_id: 'model_provider_error' }, 'overloaded'],
    [{ error_type: 'model_authentication_error' }, 'auth'],
    [{}, 'internal'],
  ])('RunError %j → AgentError %s', async (fields, kind) => {
    const run = collect(
      toAgentEvents(messages(['RunContent', { content: 'x' }], ['RunError', { content: 'boom', ...fields }])),
    );
    await expect(run).rejects.toSatisfy(
      (error) => AgentError.isInstance(error) && error.kind === kind && /boom/.test(error.message),
    );
  });

  it('a stream that ends before RunCompleted is a network error; bad JSON is internal', async () => {
    await expect(collect(toAgentEvents(messages(['RunContent', { content: 'x' }])))).rejects.toMatchObject({
      kind: 'network',
    });
    async function* broken(): AsyncGenerator<SseMessage> {
      yield { event: 'RunContent', data: '{"content": "tru' };
    }
    await expect(collect(toAgentEvents(broken()))).rejects.toMatchObject({ kind: 'internal' });
  });

  it('RunPaused and RunCancelled cannot be answered: unavailable', async () => {
    await expect(collect(toAgentEvents(messages(['RunPaused', {}])))).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(collect(toAgentEvents(messages(['RunCancelled', { reason: 'stop' }])))).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });
});
