import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../test-utils/src/index.js';
import { killAllServes, serveHome, startServe, type ServeProcess } from './serve-process.js';

// The official `openai` SDK as a client of payready's /v1/chat/completions, in front of the codex agent,
// which itself calls a local fake of the OpenAI API (Chat Completions).

const TOKEN = 'pr-test-token-0123456789abcdef';
let upstream: FakeOpenAI;
let serve: ServeProcess;
let home: ReturnType<typeof serveHome>;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeOpenAI();
  home = serveHome(
    [
      'agents:',
      `  codex: {base_url: "${upstream.url}", api: chat, model: gpt-5-mini}`,
      '  claude: {enabled: false}',
      '  web: {enabled: false}',
      '  local: {enabled: false}',
      'routing: {backoff_ms: 5, max_retries: 1, circuit_breaker: {enabled: false}}',
      'cache: {enabled: false}',
      `server: {tokens: [{name: ci, sha256: ${createHash('sha256').update(TOKEN).digest('hex')}}], rate_limit: {enabled: false}}`,
      '',
    ].join('\n'),
  );
  serve = await startServe({
    env: { ...home.env, OPENAI_API_KEY: 'sk-upstream-key' },
    args: ['--config', home.configFile],
  });
  client = new OpenAI({ apiKey: TOKEN, baseURL: `${serve.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await serve?.stop();
  killAllServes();
  await upstream?.close();
  home.cleanup();
});
beforeEach(() => upstream.setHandler(undefined));

describe('the openai SDK against payready serve', () => {
  it('lists payready/auto and one model per enabled agent', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['payready/auto', 'payready/codex']);
  });

  it('answers a non-streaming completion; system messages and history reach the upstream', async () => {
    upstream.enqueue({ kind: 'text', text: 'Use git revert.', inputTokens: 21, outputTokens: 4 });
    const completion = await client.chat.completions.create({
      model: 'payready/codex',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: [{ type: 'text', text: 'how do I undo a pushed commit?' }] },
      ],
    });
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'payready/codex' });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.choices[0]).toMatchObject({
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'Use git revert.' },
    });
    expect(completion.usage).toEqual({ prompt_tokens: 21, completion_tokens: 4, total_tokens: 25 });
    const sent = upstream.requests.at(-1)!.body as {
      model: string;
      messages: Array<{ role: string; content: string }>;
      stream?: boolean;
    };
    expect(sent.model).toBe('gpt-5-mini');
    // Nobody reads a non-streaming answer early, so the upstream call is not streamed either.
    expect(sent.stream).toBeUndefined();
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: 'how do I undo a pushed commit?' },
    ]);
  });

  it('routes payready/auto', async () => {
    const completion = await client.chat.completions.create({
      model: 'payready/auto',
      messages: [{ role: 'user', content: 'write a python function that reverses a list' }],
    });
    expect(completion.model).toBe('payready/codex');
    expect(completion.choices[0]!.message.content).toBe('Hello from fake OpenAI.');
  });

  it('streams chunks as OpenAI does, with the usage chunk when asked', async () => {
    upstream.enqueue({
      kind: 'text',
      text: 'one two three',
      chunks: ['one ', 'two ', 'three'],
      inputTokens: 9,
      outputTokens: 3,
    });
    const stream = await client.chat.completions.create({
      model: 'payready/codex',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('one two three');
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.at(-2)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 },
    });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect((upstream.requests.at(-1)!.body as { stream?: boolean }).stream).toBe(true);
  });

  it('writes data-only SSE ending in data: [DONE] on the wire', async () => {
    const response = await fetch(`${serve.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ model: 'payready/codex', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.every((event) => /^data: /.test(event) && !event.includes('\n'))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(events[0]!.slice(6))).toMatchObject({ object: 'chat.completion.chunk', model: 'payready/codex' });
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('maps failures before any output to HTTP errors the SDK understands', async () => {
    await expect(
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
    upstream.setHandler(() => ({ kind: 'error', status: 429, headers: { 'retry-after-ms': '1' } }));
    await expect(
      client.chat.completions.create({ model: 'payready/codex', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(
      client.chat.completions.create({
        model: 'payready/codex',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      }),
    ).rejects.toMatchObject({ status: 429, type: 'rate_limited' });
    await expect(
      client.chat.completions.create({
        model: 'payready/codex',
        messages: [{ role: 'system', content: 'only a system message' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('ends a stream that fails after text with an error the SDK throws', async () => {
    upstream.setHandler(() => ({ kind: 'stream-error', text: 'partial ', message: 'upstream exploded' }));
    const stream = await client.chat.completions.create({
      model: 'payready/codex',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow(/failed mid-answer/);
    expect(seen.join('')).toBe('partial ');
  });

  it('requires the bearer token', async () => {
    const stranger = new OpenAI({ apiKey: 'wrong', baseURL: `${serve.url}/v1`, maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
