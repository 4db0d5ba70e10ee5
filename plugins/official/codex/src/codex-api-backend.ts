import type { AgentEvent, AgentLogger, ExecuteContext } from '@payready/agent-contract';
import { AgentError } from '@payready/agent-contract';
import { codexClient, loadOpenAI } from './codex-client.js';
import { codexError, type OpenAIErrorClasses } from './codex-error.js';
import { KEY_NAMES } from './codex-names.js';
import type { CodexOptions } from './codex-options.js';
import { chatCompletionEvents, chatStream, responseEvents, responsesStream } from './codex-stream.js';

/** Local OpenAI-compatible servers need no key, but the SDK refuses to run without one. */
const PLACEHOLDER_KEY = 'no-key';

/** One call through the official `openai` SDK, streamed unless nobody reads it early: Responses API or Chat Completions. */
export async function* codexApiBackend(options: CodexOptions, context: ExecuteContext): AsyncGenerator<AgentEvent> {
  const key = context.resolveKey(KEY_NAMES)?.value;
  if (!key && options.isOpenAI)
    throw new AgentError({ kind: 'auth', message: 'OPENAI_API_KEY is not set', retryable: false });
  logChoices(options, context.logger);
  let sdk: OpenAIErrorClasses | undefined;
  try {
    const OpenAI = await loadOpenAI();
    sdk = OpenAI;
    const client = codexClient(OpenAI, {
      apiKey: key ?? PLACEHOLDER_KEY,
      baseURL: options.baseURL,
      organization: context.env.OPENAI_ORG_ID ?? null,
      project: context.env.OPENAI_PROJECT_ID ?? null,
      logger: context.logger,
    });
    const requestOptions = { signal: context.signal, timeout: context.timeoutMs };
    const stream = context.stream !== false;
    if (options.api === 'chat') {
      const body = {
        model: options.model,
        messages: [
          ...(options.system === undefined ? [] : [{ role: 'system' as const, content: options.system }]),
          ...options.messages,
        ],
        ...(options.maxTokens === undefined ? {} : { [options.maxTokensField]: options.maxTokens }),
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      };
      if (stream) {
        const chunks = await client.chat.completions.create(
          { ...body, stream: true, stream_options: { include_usage: true } },
          requestOptions,
        );
        yield* chatStream(chunks, options.label);
      } else {
        yield* chatCompletionEvents(await client.chat.completions.create(body, requestOptions), options.label);
      }
    } else {
      const body = {
        model: options.model,
        input: options.messages,
        // payready keeps its own cache; nothing needs the answer stored upstream.
        store: false,
        ...(options.system === undefined ? {} : { instructions: options.system }),
        ...(options.maxTokens === undefined ? {} : { max_output_tokens: options.maxTokens }),
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      };
      if (stream) {
        yield* responsesStream(await client.responses.create({ ...body, stream: true }, requestOptions), options.label);
      } else {
        yield* responseEvents(await client.responses.create(body, requestOptions), options.label);
      }
    }
  } catch (error) {
    // Cancellation is the executor's business: hand its reason back untouched.
    if (context.signal.aborted) throw context.signal.reason;
    throw codexError(error, { sdk, label: options.label, secrets: key ? [key] : [], timeoutMs: context.timeoutMs });
  }
}

function logChoices(options: CodexOptions, logger: AgentLogger): void {
  if (!options.modelListed)
    logger.debug('codex: model is not in agents.codex.models; using it anyway', { model: options.model });
  if (options.droppedTemperature !== undefined) {
    logger.debug('codex: temperature is not sent to a reasoning model', {
      model: options.model,
      temperature: options.droppedTemperature,
    });
  }
}
