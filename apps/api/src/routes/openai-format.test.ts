import { createMockAgentPlugin, createMockRegistry } from '@payready/core/testing';
import { chatCompletionRequestSchema } from '@payready/shared/api';
import { describe, expect, it } from 'vitest';
import { agentOfModel, chatToAsk, openAiFinishReason } from './openai-format.js';

const registry = createMockRegistry([
  createMockAgentPlugin({ name: 'codex' }),
  createMockAgentPlugin({ name: 'local' }),
]);
const request = (body: Record<string, unknown>) =>
  chatCompletionRequestSchema.parse({ model: 'payready/auto', ...body });

describe('chatToAsk', () => {
  it('turns system messages into the persona, the last user message into the prompt, the rest into history', () => {
    const ask = chatToAsk(
      request({
        model: 'payready/codex',
        temperature: 0.3,
        max_completion_tokens: 100,
        messages: [
          { role: 'developer', content: 'Be terse.' },
          { role: 'user', content: 'q1' },
          { role: 'assistant', content: 'a1' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'q' },
              { type: 'text', text: '2' },
            ],
          },
        ],
      }),
      registry,
    );
    expect(ask).toMatchObject({
      prompt: 'q2',
      agent: 'codex',
      history: [
        { role: 'user', content: 'q1' },
        { role: 'assistant', content: 'a1' },
      ],
      persona: { name: 'openai', system: 'Be terse.', temperature: 0.3, max_tokens: 100 },
      stream: false,
    });
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function' }] }, /tools/],
    [{ messages: [{ role: 'user', content: 'x' }], n: 2 }, /n: 1/],
    [{ messages: [{ role: 'assistant', content: 'x' }] }, /last message/],
    [
      {
        messages: [
          { role: 'tool', content: 'x' },
          { role: 'user', content: 'y' },
        ],
      },
      /"tool" messages/,
    ],
    [{ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] }, /only text parts/],
  ])('rejects what it cannot answer: %j', (body, message) => {
    expect(() => chatToAsk(request(body), registry)).toThrow(message);
  });
});

describe('agentOfModel', () => {
  it('routes payready/auto, forces payready/<agent>, and 404s anything else', () => {
    expect(agentOfModel('payready/auto', registry)).toBeUndefined();
    expect(agentOfModel('payready/local', registry)).toBe('local');
    expect(() => agentOfModel('payready/claude', registry)).toThrow(/does not exist/);
    expect(() => agentOfModel('gpt-4o', registry)).toThrow(/does not exist/);
  });
});

describe('openAiFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    [null, 'stop'],
    ['max_tokens', 'length'],
    ['max_output_tokens', 'length'],
    ['refusal', 'content_filter'],
    ['tool_use', 'tool_calls'],
  ])('%s → %s', (reason, expected) => expect(openAiFinishReason(reason)).toBe(expected));
});
