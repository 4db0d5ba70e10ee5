import { runAsk, type AskResult } from '@payready/core';
import { childAbort, durationToMs } from '@payready/shared';
import { chatCompletionRequestSchema } from '@payready/shared/api';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { EventStream } from '../event-stream.js';
import { ApiHttpError, httpErrorOf } from '../http-errors.js';
import { parseBody } from '../parse-body.js';
import type { PersonaCache } from '../persona-cache.js';
import { prepareAsk, type PreparedAsk } from '../prepare-ask.js';
import { requestSignal } from '../request-signal.js';
import {
  AUTO_MODEL,
  ChunkWriter,
  chatCompletion,
  chatToAsk,
  completionId,
  openAiFinishReason,
} from './openai-format.js';

interface StreamInput {
  prepared: PreparedAsk;
  reply: FastifyReply;
  signal: AbortSignal;
  includeUsage: boolean;
}

/**
 * Streams as OpenAI does: a role chunk, content deltas, a finish chunk, the usage chunk when asked, then
 * `data: [DONE]`. Nothing is sent before the first text, so failures until then are plain HTTP errors and
 * fallbacks stay invisible; once text went out it cannot be taken back, so a failure after it ends the
 * stream with an error event instead of switching agents.
 */
async function streamChat(input: StreamInput): Promise<FastifyReply> {
  const stream = new EventStream(input.reply);
  const id = completionId();
  const writer = new ChunkWriter(id, Math.floor(Date.now() / 1000), input.includeUsage);
  // The ask's signal: the request lifetime's, plus the mid-stream failure below (childAbort, not AbortSignal.any).
  const ask = childAbort(input.signal);
  let interrupted = false;
  let model: string | undefined;
  let sent = '';
  const begin = (agent: string) => {
    model = `payready/${agent}`;
    void input.reply.header('x-request-id', id).header('x-payready-agent', agent);
    stream.data(writer.delta(model, { role: 'assistant', content: '' }));
  };
  let result: AskResult;
  try {
    result = await runAsk({
      ...input.prepared.options,
      signal: ask.controller.signal,
      onEvent: (event) => {
        if (event.type === 'text-delta' && !interrupted) {
          if (model === undefined) begin(event.agent);
          sent += event.text;
          stream.data(writer.delta(model!, { content: event.text }));
        } else if (event.type === 'attempt-failed' && model !== undefined) {
          const reason = `${event.agent} failed mid-answer (${event.error.kind}: ${event.error.message}); the partial answer cannot be replaced`;
          interrupted = true;
          ask.controller.abort(new ApiHttpError(502, 'stream_interrupted', reason, { kind: event.error.kind }));
        }
      },
    });
  } catch (error) {
    if (!stream.started) throw error;
    stream.data(JSON.stringify({ error: { ...httpErrorOf(error).body.error, param: null } }));
    stream.end();
    return input.reply;
  } finally {
    ask.dispose();
  }
  if (model === undefined) begin(result.agent);
  // A cached answer (or one shared with a concurrent identical request) arrives whole.
  const rest = result.answer.startsWith(sent) ? result.answer.slice(sent.length) : '';
  if (rest) stream.data(writer.delta(model!, { content: rest }));
  stream.data(writer.delta(model!, {}, openAiFinishReason(result.finishReason)));
  if (input.includeUsage) stream.data(writer.usage(model!, result));
  stream.data('[DONE]');
  stream.end();
  return input.reply;
}

/** `POST /v1/chat/completions` and `GET /v1/models`, compatible with OpenAI's SDKs. */
export function openAiRoutes(app: FastifyInstance, context: ApiContext, personas: PersonaCache): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const body = parseBody(chatCompletionRequestSchema, request.body);
    const state = context.state();
    const ask = chatToAsk(body, state.registry);
    const prepared = await prepareAsk({ context, state, personas, body: ask });
    const lifetime = requestSignal(reply, {
      timeoutMs: durationToMs(state.config.server.request_timeout),
      shutdown: context.shutdownSignal,
    });
    try {
      if (ask.stream) {
        return await streamChat({
          prepared,
          reply,
          signal: lifetime.signal,
          includeUsage: body.stream_options?.include_usage === true,
        });
      }
      const result = await runAsk({ ...prepared.options, signal: lifetime.signal });
      const id = completionId();
      void reply.header('x-request-id', id).header('x-payready-agent', result.agent);
      return chatCompletion(result, id, Math.floor(Date.now() / 1000));
    } finally {
      lifetime.dispose();
    }
  });

  app.get('/v1/models', async () => {
    const { registry } = context.state();
    const created = Math.floor(Date.now() / 1000);
    const ids = [AUTO_MODEL, ...registry.enabled().map((agent) => `payready/${agent.name}`)];
    return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created, owned_by: 'payready' })) };
  });
}
