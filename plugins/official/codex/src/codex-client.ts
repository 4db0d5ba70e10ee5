import type { AgentLogger } from '@payready/agent-contract';
import type OpenAI from 'openai';
import { keepAliveFetch } from './keep-alive-fetch.js';

type OpenAIClass = typeof OpenAI;

export interface CodexClientOptions {
  apiKey: string;
  baseURL: string;
  organization: string | null;
  project: string | null;
  logger: AgentLogger;
}

const MAX_CLIENTS = 16;
// Per logger, then per connection settings: building a client costs as much as the request it makes.
const clients = new WeakMap<AgentLogger, Map<string, OpenAI>>();

/** The SDK's logger speaks `console`; debug and info would reach stdout, which carries answers only. */
export function sdkLogger(logger: AgentLogger) {
  const forward =
    (level: 'debug' | 'warn') =>
    (message: string, ...rest: unknown[]) =>
      logger[level](`openai sdk: ${message}`, rest.length === 0 ? undefined : { details: rest.map(String) });
  return { error: forward('debug'), warn: forward('warn'), info: forward('debug'), debug: forward('debug') };
}

/**
 * An `openai` client for these settings, reused across calls (a long-running `payready serve` makes
 * thousands), on a keep-alive undici pool. Timeouts and the abort signal are per request.
 */
export function codexClient(OpenAIClient: OpenAIClass, options: CodexClientOptions): OpenAI {
  let byKey = clients.get(options.logger);
  if (!byKey) clients.set(options.logger, (byKey = new Map()));
  const key = JSON.stringify([options.apiKey, options.baseURL, options.organization, options.project]);
  let client = byKey.get(key);
  if (!client) {
    client = new OpenAIClient({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      // Passed explicitly so the SDK never reads process.env behind the agent environment's back.
      organization: options.organization,
      project: options.project,
      // The executor owns retries and fallbacks; SDK retries would multiply them and hide the failure kind.
      maxRetries: 0,
      fetch: keepAliveFetch,
      logger: sdkLogger(options.logger),
      logLevel: 'warn',
    });
    if (byKey.size >= MAX_CLIENTS) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, client);
  }
  return client;
}
