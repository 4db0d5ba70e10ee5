import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { ApiContext } from './api-context.js';
import { httpErrorOf } from './http-errors.js';
import type { InFlight } from './in-flight.js';
import { PersonaCache } from './persona-cache.js';
import { guardRequest } from './request-guard.js';
import { askRoutes } from './routes/ask-routes.js';
import { openAiRoutes } from './routes/openai-routes.js';
import { opsRoutes } from './routes/ops-routes.js';

export interface CreateApiAppOptions {
  context: ApiContext;
  bodyLimitBytes: number;
  /** Told of every request until its response closes (finished or aborted): what a drain waits for. */
  inFlight?: InFlight;
}

function routeLabel(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/** OpenAI's clients read `param` and `code` too. */
function isOpenAiRoute(url: string): boolean {
  return url.startsWith('/v1/chat/') || url.startsWith('/v1/models');
}

/** The fastify app with every route, the guard on /v1, JSON errors and request metrics. Does not listen. */
export async function createApiApp(options: CreateApiAppOptions): Promise<FastifyInstance> {
  const { context } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    // Longer than the usual load balancer idle timeout (60 s), so the balancer closes first, never us mid-request.
    keepAliveTimeout: 65_000,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const personas = new PersonaCache(context.personaDirs);
  const { inFlight } = options;
  const metrics = context.metrics?.server;
  // One callback hook: the response's `close` (finished or aborted) ends the request for the drain and the metrics.
  app.addHook('onRequest', (request, reply, done) => {
    const started = performance.now();
    inFlight?.start();
    metrics?.inFlight.inc();
    reply.raw.once('close', () => {
      inFlight?.done();
      if (!metrics) return;
      const labels = { method: request.method, route: routeLabel(request) };
      metrics.inFlight.dec();
      metrics.requests.inc({
        ...labels,
        status: reply.raw.writableFinished ? String(reply.raw.statusCode) : 'aborted',
      });
      metrics.duration.observe(labels, (performance.now() - started) / 1000);
    });
    done();
  });
  app.setErrorHandler(async (error, request, reply) => {
    const failure = httpErrorOf(error);
    if (failure.status >= 500 && failure.body.error.type === 'internal')
      context.logger.error('request failed', {
        url: request.url,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    const body = isOpenAiRoute(request.url)
      ? { error: { param: null, code: failure.body.error.type, ...failure.body.error } }
      : failure.body;
    return reply.code(failure.status).headers(failure.headers).send(body);
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .send({ error: { type: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
  opsRoutes(app, context);
  await app.register(async (v1) => {
    v1.addHook('onRequest', async (request, reply) => guardRequest(context, request, reply));
    askRoutes(v1, context, personas);
    openAiRoutes(v1, context, personas);
  });
  return app;
}
