import { randomUUID } from 'node:crypto';
import type { AgentRegistry, AskResult } from '@payready/core';
import type { AskRequest, ChatCompletionMessage, ChatCompletionRequest } from '@payready/shared/api';
import { ApiHttpError } from '../http-errors.js';

/** The model that lets payready route; `payready/<agent>` forces an agent (fallbacks still apply). */
export const AUTO_MODEL = 'payready/auto';

function modelError(model: string): ApiHttpError {
  return new ApiHttpError(
    404,
    'model_not_found',
    `The model \`${model}\` does not exist: use ${AUTO_MODEL} or payready/<agent> (GET /v1/models lists them)`,
    {
      param: 'model',
    },
  );
}

/** `payready/auto` → no agent; `payready/<agent>` → that agent, which must be registered. */
export function agentOfModel(model: string, registry: AgentRegistry): string | undefined {
  if (model === AUTO_MODEL || model === 'payready') return undefined;
  const match = /^payready\/([a-z][a-z0-9_-]*)$/.exec(model);
  if (!match || !registry.has(match[1]!)) throw modelError(model);
  return match[1];
}

function contentText(message: ChatCompletionMessage, index: number): string {
  const { content } = message;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type !== 'text' || typeof (part as { text?: unknown }).text !== 'string') {
        throw new ApiHttpError(
          400,
          'invalid_request',
          `messages.${index}.content: only text parts are supported, got "${part.type}"`,
          { param: `messages.${index}.content` },
        );
      }
      return (part as { text: string }).text;
    })
    .join('');
}

/** Chat Completions → an ask: system and developer messages become the persona's system prompt, the last user message the prompt, the rest history. */
export function chatToAsk(request: ChatCompletionRequest, registry: AgentRegistry): AskRequest {
  if (request.tools && request.tools.length > 0)
    throw new ApiHttpError(400, 'invalid_request', 'tools are not supported by payready', { param: 'tools' });
  if (request.n !== undefined && request.n !== null && request.n !== 1)
    throw new ApiHttpError(400, 'invalid_request', 'only n: 1 is supported', { param: 'n' });
  const agent = agentOfModel(request.model, registry);
  const systems: string[] = [];
  const turns: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  request.messages.forEach((message, index) => {
    const text = contentText(message, index);
    if (message.role === 'system' || message.role === 'developer') systems.push(text);
    else if (message.role === 'user' || message.role === 'assistant') turns.push({ role: message.role, content: text });
    else
      throw new ApiHttpError(
        400,
        'invalid_request',
        `messages.${index}.role: "${message.role}" messages are not supported`,
        { param: `messages.${index}.role` },
      );
  });
  const last = turns.pop();
  if (!last || last.role !== 'user' || last.content.trim() === '') {
    throw new ApiHttpError(400, 'invalid_request', 'the last message must be a non-empty user message', {
      param: 'messages',
    });
  }
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const temperature = request.temperature ?? undefined;
  const inline = systems.length > 0 || maxTokens !== undefined || temperature !== undefined;
  return {
    prompt: last.content,
    ...(agent ? { agent } : {}),
    ...(turns.length > 0 ? { history: turns } : {}),
    ...(inline
      ? {
          persona: {
            name: 'openai',
            ...(systems.length > 0 ? { system: systems.join('\n\n') } : {}),
            ...(temperature !== undefined ? { temperature } : {}),
            ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
          },
        }
      : {}),
    fallback: true,
    cache: true,
    refresh: false,
    stream: request.stream === true,
  };
}

/** Upstream finish reasons (already lower snake case) in OpenAI's vocabulary. */
export function openAiFinishReason(reason: string | null): 'stop' | 'length' | 'content_filter' | 'tool_calls' {
  switch (reason) {
    case 'length':
    case 'max_tokens':
    case 'max_output_tokens':
      return 'length';
    case 'content_filter':
    case 'refusal':
      return 'content_filter';
    case 'tool_calls':
    case 'tool_use':
      return 'tool_calls';
    default:
      return 'stop';
  }
}

export function completionId(): string {
  return `chatcmpl-${randomUUID().replaceAll('-', '')}`;
}

function usageOf(result: AskResult) {
  const input = result.usage?.inputTokens ?? 0;
  const output = result.usage?.outputTokens ?? 0;
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
}

/** A `chat.completion` object, as OpenAI answers a non-streaming request. */
export function chatCompletion(result: AskResult, id: string, created: number): Record<string, unknown> {
  return {
    id,
    object: 'chat.completion',
    created,
    model: `payready/${result.agent}`,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: result.answer, refusal: null },
        finish_reason: openAiFinishReason(result.finishReason),
        logprobs: null,
      },
    ],
    usage: usageOf(result),
  };
}

/** Serialises `chat.completion.chunk`s of one stream; with include_usage every chunk carries `usage: null`, then the totals. */
export class ChunkWriter {
  constructor(
    private readonly id: string,
    private readonly created: number,
    private readonly includeUsage: boolean,
  ) {}

  private chunk(model: string, choices: unknown[], usage: unknown = null): string {
    return JSON.stringify({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model,
      choices,
      ...(this.includeUsage ? { usage } : {}),
    });
  }

  delta(model: string, delta: Record<string, unknown>, finishReason: string | null = null): string {
    return this.chunk(model, [{ index: 0, delta, finish_reason: finishReason, logprobs: null }]);
  }

  usage(model: string, result: AskResult): string {
    return this.chunk(model, [], usageOf(result));
  }
}
