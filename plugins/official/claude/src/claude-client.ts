import type { AgentLogger } from '@payready/agent-contract';
import { clientCache, fastFetch, sdkLogger } from '@payready/shared/upstream';
import type Anthropic from '@anthropic-ai/sdk';

export interface ClaudeClientOptions {
  apiKey: string;
  baseURL: string;
  logger: AgentLogger;
}

let sdk: Promise<typeof Anthropic> | undefined;

/**
 * The SDK class, loaded on first use (it costs cold start, and most runs never call Claude) and kept: a
 * dynamic import of a loaded module still resolves its path on every call.
 */
export function loadAnthropic(): Promise<typeof Anthropic> {
  sdk ??= import('@anthropic-ai/sdk').then((module) => module.default);
  return sdk;
}

const clients = clientCache<Anthropic>();

/** An Anthropic client for these settings, reused across calls. Timeouts and the abort signal are per request. */
export function claudeClient(AnthropicClient: typeof Anthropic, options: ClaudeClientOptions): Anthropic {
  return clients(
    options.logger,
    [options.apiKey, options.baseURL],
    () =>
      new AnthropicClient({
        apiKey: options.apiKey,
        baseURL: options.baseURL,
        // The executor owns retries and fallbacks; SDK retries would multiply them and hide the failure kind.
        maxRetries: 0,
        fetch: fastFetch,
        logger: sdkLogger(options.logger, 'anthropic sdk'),
        logLevel: 'warn',
      }),
  );
}
