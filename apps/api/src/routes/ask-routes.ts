import { askJson, joinInput, route, runAsk, type ExecutionEvent } from '@payready/core';
import { durationToMs } from '@payready/shared';
import { askRequestSchema, routeRequestSchema, type AskRequest } from '@payready/shared/api';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { agentsJson, decisionJson } from '@payready/core';
import { EventStream } from '../event-stream.js';
import { httpErrorOf } from '../http-errors.js';
import { parseBody } from '../parse-body.js';
import type { PersonaCache } from '../persona-cache.js';
import { prepareAsk, type PreparedAsk } from '../prepare-ask.js';
import { requestSignal } from '../request-signal.js';

/** Executor events as SSE: agent events keep their names; failures carry the AgentError kind. */
function sseOf(event: ExecutionEvent): [string, unknown] {
  if (event.type === 'attempt-failed') {
    const { error } = event;
    return [
      'attempt-failed',
      {
        agent: event.agent,
        attempt: event.attempt,
        kind: error.kind,
        message: error.message,
        next: event.next,
        ...(error.status ? { status: error.status } : {}),
        ...(event.delayMs === undefined ? {} : { delayMs: event.delayMs }),
      },
    ];
  }
  const { type, ...data } = event;
  return [type, data];
}

async function streamAsk(input: {
  context: ApiContext;
  prepared: PreparedAsk;
  reply: FastifyReply;
  signal: AbortSignal;
}): Promise<FastifyReply> {
  const { context, prepared, reply } = input;
  const stream = new EventStream(reply);
  stream.start();
  try {
    const result = await runAsk({
      ...prepared.options,
      signal: input.signal,
      onDecision: (decision) => stream.event('decision', decisionJson(decision)),
      onEvent: (event) => {
        const [name, data] = sseOf(event);
        stream.event(name, data);
      },
    });
    stream.event('result', askJson(result));
  } catch (error) {
    const failure = httpErrorOf(error);
    if (failure.status >= 500 && failure.body.error.type === 'internal')
      context.logger.error('ask failed', { error: String(error) });
    stream.event('error', failure.body);
  } finally {
    stream.end();
  }
  return reply;
}

/** `POST /v1/ask`, `POST /v1/route`, `GET /v1/agents`: the CLI's commands over HTTP. */
export function askRoutes(app: FastifyInstance, context: ApiContext, personas: PersonaCache): void {
  app.post('/v1/ask', async (request, reply) => {
    const body: AskRequest = parseBody(askRequestSchema, request.body);
    const state = context.state();
    const prepared = await prepareAsk({ context, state, personas, body });
    const lifetime = requestSignal(reply, {
      timeoutMs: durationToMs(state.config.server.request_timeout),
      shutdown: context.shutdownSignal,
    });
    try {
      if (body.stream) return await streamAsk({ context, prepared, reply, signal: lifetime.signal });
      const result = await runAsk({ ...prepared.options, signal: lifetime.signal });
      void reply.header('x-payready-agent', result.agent);
      return askJson(result);
    } finally {
      lifetime.dispose();
    }
  });

  app.post('/v1/route', async (request) => {
    const body = parseBody(routeRequestSchema, request.body);
    const { config, registry } = context.state();
    const stdin = body.stdin ?? '';
    const prompt = body.prompt.trim();
    const text = joinInput(prompt, stdin.trimEnd());
    const decision = route(
      registry,
      { prompt, ...(stdin ? { stdin } : {}), text },
      {
        threshold: config.routing.confidence_threshold,
        defaultAgent: config.routing.default_agent,
        ...(body.agent ? { forced: body.agent } : {}),
      },
    );
    return decisionJson(decision);
  });

  app.get('/v1/agents', async () => agentsJson(context.state().registry));
}
