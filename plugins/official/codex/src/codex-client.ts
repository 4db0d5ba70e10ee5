import type { AgentLogger } from '@payready/agent-contract';
import { clientCache, fastFetch, sdkLogger } from '@payready/shared/upstream';
import type OpenAI from 'openai';

export interface CodexClientOptions {
  apiKey: string;
  baseURL: string;
  organization: string | null;
  project: string | null;
  logger: AgentLogger;
}

let sdk: Promise<typeof OpenAI> | undefined;

/**
 * The SDK class, loaded on first use (it costs cold start, and most runs never call OpenAI) and kept: a
 * dynamic import of a loaded module still resolves its path on every call.
 */
export function loadOpenAI(): Promise<typeof OpenAI> {
  sdk ??= import('openai').then((module) => module.default);
  return sdk;
}

const clients = clientCache<OpenAI>();

/** An `openai` client for these settings, reused across calls. Timeouts and the abort signal are per request. */
export function codexClient(OpenAIClient: typeof OpenAI, options: CodexClientOptions): OpenAI {
  const settings = [options.apiKey, options.baseURL, options.organization, options.project];
  return clients(
    options.logger,
    settings,
    () =>
      new OpenAIClient({
        apiKey: options.apiKey,
        baseURL: options.baseURL,
        // Passed explicitly so the SDK never reads process.env behind the agent environment's back.
        organization: options.organization,
        project: options.project,
        // The executor owns retries and fallbacks; SDK retries would multiply them and hide the failure kind.
        maxRetries: 0,
        fetch: fastFetch,
        logger: sdkLogger(options.logger, 'openai sdk'),
        logLevel: 'warn',
      }),
  );
}
