import {
  CONTRACT_VERSION,
  type AgentEnvironment,
  type AgentPlugin,
  type Availability,
  type RouteQuery,
} from '@payready/agent-contract';
import { prepareAgentIntent, scoreIntent } from '@payready/shared';
import { chooseProviderSettings } from './provider-settings.js';
import { WEB_PLUGIN_VERSION } from './version.js';
import type * as WebAnswer from './web-answer.js';

// The search clients, the recency filter and the summariser load on the first answer or health check, never
// for routing, and are kept: import() of a loaded module still resolves it again, ~5 µs on every answer.
let answer: Promise<typeof WebAnswer> | undefined;
const answering = () => (answer ??= import('./web-answer.js'));

export interface WebPluginOptions {
  /** The clock for the recency window; tests pin it. */
  now?: () => Date;
}

function availability(environment: AgentEnvironment): Availability {
  if (environment.settings.enabled === false) {
    return { ok: false, reason: 'the web agent is disabled', fix: 'set agents.web.enabled: true' };
  }
  const choice = chooseProviderSettings(environment);
  return choice.settings
    ? { ok: true }
    : { ok: false, reason: choice.reason, fix: choice.fix, missingCredentials: true };
}

/**
 * The web agent: searches with the configured provider, recency filter (`date_filter` days) passed in the
 * provider's own parameter and enforced again on dated results, then has another agent answer from the
 * numbered results with citations — or, when none is usable, answers with the ranked results themselves.
 */
export function createWebPlugin(options: WebPluginOptions = {}): AgentPlugin {
  const clock = options.now ?? (() => new Date());
  return {
    contractVersion: CONTRACT_VERSION,
    name: 'web',
    version: WEB_PLUGIN_VERSION,
    description: 'Web search (SearXNG, Brave or Tavily) with a recency filter, summarised with numbered sources',
    // The intent scores behind canHandle come from a trained model loaded once per process (shared by the
    // four remote agents), plus the user's own routing corrections.
    init(environment: AgentEnvironment) {
      return prepareAgentIntent(environment);
    },
    canHandle(query: RouteQuery) {
      const scores = scoreIntent(query.text);
      return { score: scores.probabilities.web, reasons: scores.reasons.web };
    },
    available: availability,
    async *execute(request, context) {
      yield* (await answering()).webAnswer(request, context, clock());
    },
    health: async (context) => (await answering()).webHealth(context, availability(context)),
  };
}
