import { z } from 'zod';

/**
 * Every error of the HTTP service: `{error: {type, message}}`. `kind` is the AgentError kind behind it
 * (what a remote-agent caller maps back to); `attempts` the per-attempt summary when agents failed.
 * The OpenAI endpoints add `param` and `code`, as OpenAI's own errors have them.
 */
export const apiErrorSchema = z.object({
  error: z.looseObject({
    type: z.string(),
    message: z.string(),
    kind: z.string().optional(),
    hint: z.string().optional(),
    param: z.string().nullish(),
    code: z.string().nullish(),
    attempts: z.array(z.looseObject({ agent: z.string(), ok: z.boolean() })).optional(),
  }),
});

export type ApiError = z.output<typeof apiErrorSchema>;

export const attemptSchema = z.object({
  agent: z.string(),
  ok: z.boolean(),
  errorKind: z.string().nullable(),
  ms: z.number(),
  status: z.number().optional(),
  skipped: z.boolean().optional(),
  message: z.string().optional(),
});

/** `POST /v1/ask` without `stream`, and the final `result` event with it: what `payready ask --json` prints. */
export const askResponseSchema = z.looseObject({
  answer: z.string(),
  agent: z.string(),
  model: z.string().nullable(),
  attempts: z.array(attemptSchema),
  durationMs: z.number(),
  ttftMs: z.number().nullable(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).nullable(),
  /** The side of the answering agent's canary split (`stable` when it has no canary). */
  variant: z.enum(['stable', 'canary']),
  cached: z.boolean(),
  cacheLevel: z.enum(['memory', 'redis', 'disk']).nullable(),
  stale: z.boolean(),
  sources: z.array(z.looseObject({ url: z.string(), title: z.string() })),
  finishReason: z.string().nullable(),
});

export type AskResponse = z.output<typeof askResponseSchema>;

/** `POST /v1/route`: what `payready route --json` prints. */
export const routeResponseSchema = z.object({
  agent: z.string(),
  reason: z.enum(['forced', 'threshold', 'default', 'best-available']),
  /** The side of the agent's canary split this query takes. */
  variant: z.enum(['stable', 'canary']),
  micros: z.number(),
  scores: z.array(
    z.object({ agent: z.string(), score: z.number(), available: z.boolean(), reasons: z.array(z.string()).optional() }),
  ),
});

export type RouteResponse = z.output<typeof routeResponseSchema>;
