import type { RateLimit } from '@payready/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from './api-context.js';
import { ApiHttpError } from './http-errors.js';

/** Who is calling: a configured token's name, or `anonymous:<ip>` when the server runs without tokens. */
function caller(context: ApiContext, request: FastifyRequest): { name: string; limit?: Partial<RateLimit> } {
  const { tokens } = context.state();
  if (tokens.size === 0) return { name: `anonymous:${request.ip}` };
  const header = request.headers.authorization;
  const token = header && /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const entry = token ? tokens.match(token) : undefined;
  if (!entry) {
    throw new ApiHttpError(
      401,
      'unauthorized',
      token ? 'invalid bearer token' : 'missing bearer token: send Authorization: Bearer <token>',
      {
        headers: { 'www-authenticate': 'Bearer realm="payready"' },
      },
    );
  }
  return { name: entry.name, ...(entry.limit ? { limit: entry.limit } : {}) };
}

/**
 * onRequest of every /v1 route: bearer-token auth (sha256 digests, constant-time compare), then the
 * caller's token bucket. 429 says when to come back (`retry-after`, seconds; `retry-after-ms` for the
 * OpenAI SDKs).
 */
export async function guardRequest(context: ApiContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const who = caller(context, request);
  const settings = context.state().config.server.rate_limit;
  if (!settings.enabled) return;
  const limit: RateLimit = {
    perMinute: who.limit?.perMinute ?? settings.requests_per_minute,
    burst: who.limit?.burst ?? settings.burst,
  };
  const taken = await context.limiter().take(who.name, limit);
  void reply
    .header('x-ratelimit-limit-requests', String(limit.burst))
    .header('x-ratelimit-remaining-requests', String(taken.remaining));
  if (taken.allowed) return;
  context.metrics?.server.rateLimited.inc({ token: who.name.startsWith('anonymous:') ? 'anonymous' : who.name });
  const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
  throw new ApiHttpError(
    429,
    'rate_limited',
    `rate limit of ${limit.perMinute} requests per minute (burst ${limit.burst}) reached for ${who.name}; retry in ${seconds} s`,
    {
      kind: 'rate_limit',
      headers: { 'retry-after': String(seconds), 'retry-after-ms': String(taken.retryAfterMs) },
    },
  );
}
