import { AgentError, type AgentEvent, type ExecuteContext } from '@payready/agent-contract';
import { claudeClient, loadAnthropic } from './claude-client.js';
import { claudeError } from './claude-error.js';
import { KEY_NAMES } from './claude-names.js';
import type { ClaudeOptions } from './claude-options.js';
import { claudeStream } from './claude-stream.js';

/** One streamed Messages API call through the official SDK. */
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
    const stream = await client.messages.create(
      {
        model: options.model,
        max_tokens: options.maxTokens,
        messages: options.messages,
        stream: true,
        ...(options.system === undefined ? {} : { system: options.system }),
      },
      { signal: context.signal, timeout: context.timeoutMs },
    );
    yield* claudeStream(stream);
  } catch (error) {
    // Cancellation is the executor's business: hand its reason back untouched so it can tell Ctrl-C, the
    // attempt timeout and the deadline apart.
    if (context.signal.aborted) throw context.signal.reason;
    throw claudeError(error, { secrets: [key.value], timeoutMs: context.timeoutMs });
  }
}
