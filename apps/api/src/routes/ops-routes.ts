import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.js';

/** `/health` (liveness: the process answers), `/ready` (take traffic?), `/metrics` (Prometheus). */
export function opsRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (_request, reply) => {
    const checks: Record<string, string> = { config: `generation ${context.state().generation}` };
    let ready = true;
    if (context.draining()) {
      checks.shutdown = 'draining';
      ready = false;
    }
    if (context.redisReachable) {
      const reachable = await context.redisReachable();
      checks.redis = reachable ? 'ok' : 'unreachable';
      ready &&= reachable;
    } else {
      checks.redis = 'not configured';
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', async (_request, reply) => {
    if (!context.metrics) return reply.code(404).send({ error: { type: 'not_found', message: 'metrics are off' } });
    const text = await context.metrics.registry.metrics();
    return reply.header('content-type', context.metrics.registry.contentType).send(text);
  });
}
