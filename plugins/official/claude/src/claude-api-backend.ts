import { AgentError, type AgentEvent, type ExecuteContext } from '@payready/agent-contract';
import { claudeClient, loadAnthropic } from './claude-client.js';
import { claudeError } from './claude-error.js';
import { KEY_NAMES } from './claude-names.js';
import type { ClaudeOptions } from './claude-options.js';
import { claudeMessageEvents, claudeStream } from './claude-stream.js';

/** One Messages API call through the official SDK, streamed unless nobody reads it early. */
export async function* claudeApiBackend(options: ClaudeOptions, context: ExecuteContext): AsyncGenerator<AgentEvent> {
  const key = context.resolveKey(KEY_NAMES);
  if (!key) throw new AgentError({ kind: 'auth', message: 'ANTHROPIC_API_KEY is not set', retryable: false });
  if (options.droppedTemperature) {
    const level = options.droppedTemperature.from === 'settings' ? 'warn' : 'debug';
    context.logger[level](
      'claude: temperature is not sent (Anthropic API version 2026-10-21 rejects sampling parameters)',
      {
        ...options.droppedTemperature,
      },
    );
  }
  try {
    const Anthropic = await loadAnthropic();
    const client = claudeClient(Anthropic, { apiKey: key.value, baseURL: options.baseURL, logger: context.logger });
    const body = {
      model: options.model,
      max_tokens: options.maxTokens,
      messages: options.messages,
      ...(options.system === undefined ? {} : { system: options.system }),
    };
    // The timeout is always passed: without one the SDK refuses a non-streamed call it expects to be long.
    const requestOptions = { signal: context.signal, timeout: context.timeoutMs };
    if (context.stream === false) {
      yield* claudeMessageEvents(await client.messages.create(body, requestOptions));
    } else {
      yield* claudeStream(await client.messages.create({ ...body, stream: true }, requestOptions));
    }
  } catch (error) {
    // Cancellation is the executor's business: hand its reason back untouched so it can tell Ctrl-C, the
    // attempt timeout and the deadline apart.
    if (context.signal.aborted) throw context.signal.reason;
    throw claudeError(error, { secrets: [key.value], timeoutMs: context.timeoutMs });
  }
}
