import { AgentError, type AgentEvent, type AgentLogger, type ExecuteContext } from '@payready/agent-contract';
import { claudeError } from './claude-error.js';
import type { ClaudeOptions } from './claude-options.js';
import { claudeStream } from './claude-stream.js';

export const KEY_NAMES = ['ANTHROPIC_API_KEY'] as const;

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
    // Loaded here, not at module top: the SDK costs cold start, and most runs never call Claude.
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    const client = new Anthropic({
      apiKey: key.value,
      baseURL: options.baseURL,
      // The executor owns retries and fallbacks; SDK retries would multiply them and hide the failure kind.
      maxRetries: 0,
      timeout: context.timeoutMs,
      logger: sdkLogger(context.logger),
      logLevel: 'warn',
    });
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

/**
 * The SDK logs through `console` by default, whose debug/info go to stdout, which carries answers only. Its
 * own error lines (e.g. the JSON it could not parse) are debug here: the error itself reaches the executor.
 */
export function sdkLogger(logger: AgentLogger) {
  const forward =
    (level: 'debug' | 'warn') =>
    (message: string, ...rest: unknown[]) =>
      logger[level](`anthropic sdk: ${message}`, rest.length === 0 ? undefined : { details: rest.map(String) });
  return { error: forward('debug'), warn: forward('warn'), info: forward('debug'), debug: forward('debug') };
}
