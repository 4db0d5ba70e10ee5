import type { AgentLogger } from '@payready/agent-contract';
import { clientCache, fastFetch } from '@payready/shared/upstream';
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

const upstreamFetch = fastFetch(() => import('undici'));
const clients = clientCache<Anthropic>();

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
        fetch: upstreamFetch,
        logger: sdkLogger(options.logger),
        logLevel: 'warn',
      }),
  );
}
