import {
  AgentError,
  CONTRACT_VERSION,
  type AgentEnvironment,
  type AgentPlugin,
  type AgentRequest,
  type Availability,
  type RouteQuery,
} from '@payready/agent-contract';
import { prepareAgentIntent, scoreIntent } from '@payready/shared';
import type { AgnoClient } from './agno-client.js';
import { AGNO_PLUGIN_VERSION } from './version.js';

const SETUP_FIX = 'set agents.agno.enabled: true, agents.agno.url (the AgentOS base URL) and agents.agno.agent_id';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function availability(environment: AgentEnvironment): Availability {
  const { settings } = environment;
  if (settings.enabled === false)
    return { ok: false, reason: 'the agno agent is disabled (it is off by default)', fix: SETUP_FIX };
  if (!text(settings.url)) return { ok: false, reason: 'agents.agno.url is not set', fix: SETUP_FIX };
  if (!text(settings.agent_id)) return { ok: false, reason: 'agents.agno.agent_id is not set', fix: SETUP_FIX };
  return { ok: true };
}

/** The HTTP client and its SSE parsing load on the first run or health check, never for routing. */
async function clientFor(environment: AgentEnvironment): Promise<AgnoClient> {
  const status = availability(environment);
  if (!status.ok)
    throw new AgentError({ kind: 'unavailable', retryable: false, message: `${status.reason}: ${status.fix}` });
  const apiKey = environment.resolveKey(['AGNO_API_KEY'])?.value;
  const { createAgnoClient } = await import('./agno-client.js');
  return createAgnoClient({
    baseUrl: text(environment.settings.url)!,
    agentId: text(environment.settings.agent_id)!,
    ...(apiKey ? { apiKey } : {}),
  });
}

/**
 * The run message. The AgentOS keeps history in its own sessions, which a one-shot ask does not have,
 * so earlier turns travel inline ahead of the question.
 */
export function agnoMessage(request: AgentRequest): string {
  if (!request.history?.length) return request.text;
  const turns = request.history.map((turn) => `${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.content}`);
  return `Conversation so far:\n${turns.join('\n')}\n\nUser: ${request.text}`;
}

/** A remote Agno AgentOS agent: `POST /agents/{agent_id}/runs` with `stream=true`, SSE run events. */
export function createAgnoPlugin(): AgentPlugin {
  return {
    contractVersion: CONTRACT_VERSION,
    name: 'agno',
    version: AGNO_PLUGIN_VERSION,
    description: 'A remote Agno AgentOS agent, for multi-step tasks that need tools (disabled by default)',
    // The intent scores behind canHandle come from a trained model loaded once per process (shared by the
    // four remote agents), plus the user's own routing corrections.
    init(environment: AgentEnvironment) {
      return prepareAgentIntent(environment);
    },
    canHandle(query: RouteQuery) {
      const scores = scoreIntent(query.text);
      return { score: scores.probabilities.agno, reasons: scores.reasons.agno };
    },
    available: availability,
    execute(request, context) {
      const { signal, timeoutMs } = context;
      return (async function* () {
        yield* (await clientFor(context)).run({ message: agnoMessage(request), signal, timeoutMs });
      })();
    },
    async health(context) {
      const status = availability(context);
      if (!status.ok) return status;
      try {
        await (await clientFor(context)).health({ signal: context.signal, timeoutMs: context.timeoutMs });
        return { ok: true };
      } catch (error) {
        const kind = AgentError.isInstance(error) ? error.kind : undefined;
        return {
          ok: false,
          reason: error instanceof Error ? error.message : String(error),
          ...(kind === 'auth'
            ? { fix: "export AGNO_API_KEY=<the server's OS_SECURITY_KEY>", missingCredentials: true }
            : {}),
        };
      }
    },
  };
}
