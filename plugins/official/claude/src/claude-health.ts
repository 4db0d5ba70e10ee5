import type { AgentError, Availability, ExecuteContext, HealthDetails } from '@payready/agent-contract';
import { KEY_NAMES } from './claude-names.js';
import { modelListingVerdict, sdkLogger } from '@payready/shared/upstream';
import { claudeError } from './claude-error.js';
import { claudeOptions } from './claude-options.js';

/** More ids than Anthropic has ever listed; stops a server that pages forever. */
const MAX_LISTED = 5000;

/**
 * `GET /v1/models` through the official SDK: any HTTP answer means the base URL is reachable; the configured
 * model must be listed. `status` is the plugin's own `available()`, so the check never repeats it.
 */
export async function claudeHealth(context: ExecuteContext, status: Availability): Promise<Availability> {
  const key = context.resolveKey(KEY_NAMES);
  if (!status.ok || context.settings.backend === 'cli' || !key) return status;
  const options = claudeOptions({ text: '', persona: { name: 'default' } }, context);
  const details: HealthDetails = { url: options.baseURL, model: options.model };
  const listed: string[] = [];
  try {
    // Loaded here, not at module top: the SDK costs cold start.
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    const client = new Anthropic({
      apiKey: key.value,
      baseURL: options.baseURL,
      maxRetries: 0,
      timeout: context.timeoutMs,
      logger: sdkLogger(context.logger, 'anthropic sdk'),
      logLevel: 'warn',
    });
    const models = client.models.list({ limit: 1000 }, { signal: context.signal, timeout: context.timeoutMs });
    for await (const model of models) {
      listed.push(model.id);
      if (knownModel(model.id, options.model) || listed.length >= MAX_LISTED) break;
    }
  } catch (error) {
    const mapped = claudeError(error, { secrets: [key.value], timeoutMs: context.timeoutMs });
    return failure(mapped, {
      details,
      aborted: context.signal.aborted,
      timeoutMs: context.timeoutMs,
      source: key.source,
    });
  }
  return modelListingVerdict({
    agent: 'claude',
    model: options.model,
    listed,
    known: listed.some((id) => knownModel(id, options.model)),
    details,
  });
}

/**
 * The list holds dated ids (`claude-sonnet-4-5-20250929`) while configs usually name the alias
 * (`claude-sonnet-4-5`, `claude-3-5-sonnet-latest`); both resolve to a listed model.
 */
export function knownModel(id: string, model: string): boolean {
  if (id === model) return true;
  const base = model.endsWith('-latest') ? model.slice(0, -'-latest'.length) : model;
  return id.startsWith(`${base}-`) && /^\d{8}$/.test(id.slice(base.length + 1));
}

function failure(
  error: AgentError,
  input: { details: HealthDetails; aborted: boolean; timeoutMs: number; source: string },
): Availability {
  const { details } = input;
  details.reachable = error.status !== undefined;
  if (input.aborted) {
    details.reachable = false;
    return {
      ok: false,
      reason: `anthropic did not answer within ${input.timeoutMs} ms`,
      fix: 'check agents.claude.base_url or ANTHROPIC_BASE_URL',
      details,
    };
  }
  if (error.status === 401) {
    return {
      ok: false,
      reason: 'key rejected (401)',
      fix: `check the key from ${input.source}: export ANTHROPIC_API_KEY=… or run \`payready keys set anthropic\``,
      details,
    };
  }
  if (!details.reachable) {
    return { ok: false, reason: error.message, fix: 'check agents.claude.base_url or ANTHROPIC_BASE_URL', details };
  }
  return { ok: false, reason: error.message, details };
}
