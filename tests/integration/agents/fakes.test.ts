import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../../test-utils/src/fake-anthropic.js';
import { startFakeOpenAI } from '../../test-utils/src/fake-openai.js';
import type { FakeUpstream } from '../../test-utils/src/http-fixture.js';

// The fakes themselves, over plain fetch: the parts the plugin tests do not reach (non-streaming bodies,
// header checks, model lists, concurrency bookkeeping), since the lead's CLI tests reuse them.

let fake: FakeUpstream | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const post = (url: string, body: unknown, headers: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('fake Anthropic', () => {
  const headers = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
  const body = { model: 'claude-x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

  it('answers a non-streaming request with a Message', async () => {
    fake = await startFakeAnthropic();
    fake.enqueue({ kind: 'text', text: 'Hello.', inputTokens: 3, outputTokens: 2 });
    const response = await post(`${fake.url}/v1/messages`, body, headers);
    expect(response.headers.get('request-id')).toBe('req_fake_1');
    expect(await response.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [{ type: 'text', text: 'Hello.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 3, output_tokens: 2 },
    });
  });

  it('streams the named events in the documented order, each ended by a blank line', async () => {
    fake = await startFakeAnthropic();
    fake.enqueue({ kind: 'text', text: 'Hi', chunks: ['H', 'i'] });
    const response = await post(`${fake.url}/v1/messages`, { ...body, stream: true }, headers);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text.endsWith('\n\n')).toBe(true);
    expect([...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1])).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('rejects a missing key with 401 and a missing anthropic-version with 400, in the error shape', async () => {
    fake = await startFakeAnthropic({ apiKey: 'k' });
    const unauthorised = await post(`${fake.url}/v1/messages`, body, { 'anthropic-version': '2023-06-01' });
    expect(unauthorised.status).toBe(401);
    expect(await unauthorised.json()).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
      request_id: 'req_fake_1',
    });
    const unversioned = await post(`${fake.url}/v1/messages`, body, { 'x-api-key': 'k' });
    expect(unversioned.status).toBe(400);
    expect(fake.requestCount).toBe(2);
  });

  it('lists models', async () => {
    fake = await startFakeAnthropic({ models: ['claude-a'] });
    const response = await fetch(`${fake.url}/v1/models`, { headers });
    expect(await response.json()).toMatchObject({ data: [{ type: 'model', id: 'claude-a' }], has_more: false });
  });

  it('counts requests open at the same time', async () => {
    fake = await startFakeAnthropic();
    fake.setHandler(() => ({ kind: 'stall-mid-stream' }));
    const pending = [1, 2, 3].map(() =>
      post(`${fake!.url}/v1/messages`, { ...body, stream: true }, headers).then(
        (response) => response.body?.getReader().read(),
        () => undefined,
      ),
    );
    await Promise.all(pending);
    expect(fake.activeRequests).toBe(3);
    expect(fake.maxActiveRequests).toBe(3);
  });
});

describe('fake OpenAI', () => {
  const headers = { authorization: 'Bearer k' };

  it('answers non-streaming chat and responses requests', async () => {
    fake = await startFakeOpenAI();
    fake.enqueue({ kind: 'text', text: 'A' }, { kind: 'text', text: 'B' });
    const chat = await post(`${fake.url}/chat/completions`, { model: 'gpt-5-mini', messages: [] }, headers);
    expect(chat.headers.get('x-request-id')).toBe('req_fake_1');
    expect(await chat.json()).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { content: 'A' }, finish_reason: 'stop' }],
    });
    const responses = await post(`${fake.url}/responses`, { model: 'gpt-5-mini', input: 'q' }, headers);
    expect(await responses.json()).toMatchObject({
      object: 'response',
      status: 'completed',
      output: [{ type: 'message', content: [{ type: 'output_text', text: 'B' }] }],
      usage: { input_tokens: 12, output_tokens: 1 },
    });
  });

  it('ends chat streams with data: [DONE] and sends the usage chunk only when asked', async () => {
    fake = await startFakeOpenAI();
    const stream = { model: 'm', messages: [], stream: true };
    const withUsage = await (
      await post(`${fake.url}/chat/completions`, { ...stream, stream_options: { include_usage: true } }, headers)
    ).text();
    expect(withUsage.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(withUsage).toContain('"choices":[],"usage":{"prompt_tokens"');
    const without = await (await post(`${fake.url}/chat/completions`, stream, headers)).text();
    expect(without).not.toContain('usage');
  });

  it('rejects max_tokens for gpt-5 models, like the real API', async () => {
    fake = await startFakeOpenAI();
    const response = await post(
      `${fake.url}/chat/completions`,
      { model: 'gpt-5', messages: [], max_tokens: 5 },
      headers,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'unsupported_parameter', param: 'max_tokens' } });
  });

  it('needs no key when started with apiKey: null; requires one otherwise', async () => {
    fake = await startFakeOpenAI({ apiKey: null });
    expect((await fetch(`${fake.url}/models`)).status).toBe(200);
    await fake.close();
    fake = await startFakeOpenAI();
    expect((await fetch(`${fake.url}/models`)).status).toBe(401);
  });
});
