import { z } from 'zod';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });

/** OpenAI message content: a string, or parts of which only text is understood here. */
const contentSchema = z.union([
  z.string(),
  z.array(z.union([textPart, z.looseObject({ type: z.string() })])),
  z.null(),
]);

export const chatCompletionMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: contentSchema.optional(),
  name: z.string().optional(),
});

/**
 * `POST /v1/chat/completions`, as OpenAI's SDKs send it (protocols §2.2). Loose: clients send fields we
 * ignore (`user`, `seed`, `metadata`, …); `n` > 1, tools and non-text parts are rejected by the handler.
 */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatCompletionMessageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  n: z.number().int().positive().nullish(),
  tools: z.array(z.unknown()).nullish(),
});

export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;
export type ChatCompletionMessage = z.output<typeof chatCompletionMessageSchema>;
