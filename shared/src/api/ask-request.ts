import { z } from 'zod';

/** `8s`, `500ms`, `2m`, or seconds as a number: the same forms as `--timeout` / `--deadline` and the config. */
export const durationSchema = z.union([
  z.number().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'a duration such as 500ms, 8s, 2m'),
]);

export const chatMessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
});

/**
 * A persona already resolved by the caller (no template: the prompt is final). What a remote-agent call
 * and the OpenAI endpoint's system messages use instead of a persona name.
 */
export const inlinePersonaSchema = z.strictObject({
  name: z.string().min(1).max(64).default('inline'),
  system: z.string().optional(),
  temperature: z.number().min(0).max(2).optional(),
  model: z.string().min(1).optional(),
  max_tokens: z.number().int().positive().optional(),
});

/**
 * `POST /v1/ask`: the options of `payready ask`, by the same names (`--no-fallback` is `fallback: false`,
 * `--no-cache` is `cache: false`). `stream: true` answers with server-sent events.
 */
export const askRequestSchema = z
  .strictObject({
    prompt: z.string().default(''),
    /** What the CLI reads from a pipe: appended after a blank line. */
    stdin: z.string().optional(),
    agent: z.string().min(1).optional(),
    persona: z.union([z.string().min(1), inlinePersonaSchema]).optional(),
    model: z.string().min(1).optional(),
    history: z.array(chatMessageSchema).max(500).optional(),
    /** Per attempt (`--timeout`). */
    timeout: durationSchema.optional(),
    /** The whole chain (`--deadline`). */
    deadline: durationSchema.optional(),
    fallback: z.boolean().default(true),
    /** Retries per agent for transient errors (routing.max_retries); a remote-agent call sends 0. */
    retries: z.number().int().min(0).max(10).optional(),
    cache: z.boolean().default(true),
    refresh: z.boolean().default(false),
    stream: z.boolean().default(false),
  })
  .refine((body) => `${body.prompt}${body.stdin ?? ''}`.trim() !== '', {
    message: 'empty prompt: give "prompt" (and/or "stdin")',
    path: ['prompt'],
  });

export type AskRequest = z.output<typeof askRequestSchema>;
export type AskRequestInput = z.input<typeof askRequestSchema>;

/** `POST /v1/route`: the decision only, as `payready route --json`. */
export const routeRequestSchema = z
  .strictObject({
    prompt: z.string().default(''),
    stdin: z.string().optional(),
    agent: z.string().min(1).optional(),
  })
  .refine((body) => `${body.prompt}${body.stdin ?? ''}`.trim() !== '', {
    message: 'empty prompt: give "prompt" (and/or "stdin")',
    path: ['prompt'],
  });

export type RouteRequest = z.output<typeof routeRequestSchema>;
