import type { AgentError, Availability, ExecuteContext, HealthDetails } from '@payready/agent-contract';
import { modelListingVerdict, sdkLogger } from '@payready/shared/upstream';
import { KEY_NAMES } from './codex-names.js';
import { codexError, type OpenAIErrorClasses } from './codex-error.js';
import { codexOptions, type CodexOptions } from './codex-options.js';

const PLACEHOLDER_KEY = 'no-key';
/** Stops a server that pages forever. */
const MAX_LISTED = 5000;

/**
 * `GET /models` through the official SDK: any HTTP answer means the base URL is reachable; the configured
 * model must be listed. Many OpenAI-compatible servers have no `/models`: their 404 is reachable, model
 * unknown. `status` is the plugin's own `available()`, so the check never repeats it.
 */
export async function codexHealth(context: ExecuteContext, status: Availability): Promise<Availability> {
  if (!status.ok || context.settings.backend === 'cli') return status;
  const key = context.resolveKey(KEY_NAMES);
  const options = codexOptions({ text: '', persona: { name: 'default' } }, context);
  const details: HealthDetails = { url: options.baseURL, model: options.model };
  const listed: string[] = [];
  let sdk: OpenAIErrorClasses | undefined;
  try {
    // Loaded here, not at module top: the SDK costs cold start.
    const { default: OpenAI } = await import('openai');
    sdk = OpenAI;
    const client = new OpenAI({
      apiKey: key?.value ?? PLACEHOLDER_KEY,
      baseURL: options.baseURL,
      organization: context.env.OPENAI_ORG_ID ?? null,
      project: context.env.OPENAI_PROJECT_ID ?? null,
      maxRetries: 0,
      timeout: context.timeoutMs,
      logger: sdkLogger(context.logger, 'openai sdk'),
      logLevel: 'warn',
    });
    for await (const model of client.models.list({ signal: context.signal, timeout: context.timeoutMs })) {
      listed.push(model.id);
      if (model.id === options.model || listed.length >= MAX_LISTED) break;
    }
  } catch (error) {
    const secrets = key ? [key.value] : [];
    const mapped = codexError(error, { sdk, label: options.label, secrets, timeoutMs: context.timeoutMs });
    return failure(mapped, { details, options, aborted: context.signal.aborted, timeoutMs: context.timeoutMs, key });
  }
  return modelListingVerdict({
    agent: 'codex',
    model: options.model,
    listed,
    known: listed.includes(options.model),
    details,
  });
}

const UNREACHABLE_FIX = 'check agents.codex.base_url or OPENAI_BASE_URL';

function failure(
  error: AgentError,
  input: {
    details: HealthDetails;
    options: CodexOptions;
    aborted: boolean;
    timeoutMs: number;
    key: { source: string } | undefined;
  },
): Availability {
  const { details, options } = input;
  details.reachable = !input.aborted && error.status !== undefined;
  if (input.aborted) {
    const reason = `${options.label} did not answer within ${input.timeoutMs} ms`;
    return { ok: false, reason, fix: UNREACHABLE_FIX, details };
  }
  if (error.status === 404 && !options.isOpenAI) {
    // The server answered; it just has no model list to check against.
    return { ok: true, details: { ...details, modelNote: 'server does not list models' } };
  }
  if (error.status === 401) {
    const where = input.key ? `the key from ${input.key.source}` : 'OPENAI_API_KEY (the server wants a key)';
    return {
      ok: false,
      reason: 'key rejected (401)',
      fix: `check ${where}: export OPENAI_API_KEY=… or run \`payready keys set openai\``,
      details,
    };
  }
  return { ok: false, reason: error.message, ...(details.reachable ? {} : { fix: UNREACHABLE_FIX }), details };
}
