import {
  AgentError,
  CONTRACT_VERSION,
  type AgentEnvironment,
  type AgentEvent,
  type AgentPlugin,
  type AgentRequest,
  type Availability,
  type ExecuteContext,
  type RouteQuery,
} from '@payready/agent-contract';
import { prepareAgentIntent, scoreIntent } from '@payready/shared';
import { chooseProvider } from './choose-provider.js';
import { formatNoResults, formatResultsAnswer } from './format-results.js';
import { applyRecencyFilter } from './recency-filter.js';
import { toSearchQuery, type SearchResult } from './search-provider.js';
import { summarise } from './summarise.js';
import { WEB_PLUGIN_VERSION } from './version.js';

const DEFAULT_DATE_FILTER_DAYS = 100;
const DEFAULT_MAX_RESULTS = 8;

export interface WebPluginOptions {
  /** The clock for the recency window; tests pin it. */
  now?: () => Date;
}

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

function dedupeByUrl(results: readonly SearchResult[]): SearchResult[] {
  const seen = new Set<string>();
  return results.filter((result) => !seen.has(result.url) && Boolean(seen.add(result.url)));
}

function availability(environment: AgentEnvironment): Availability {
  if (environment.settings.enabled === false) {
    return { ok: false, reason: 'the web agent is disabled', fix: 'set agents.web.enabled: true' };
  }
  const choice = chooseProvider(environment);
  return choice.provider
    ? { ok: true }
    : { ok: false, reason: choice.reason, fix: choice.fix, missingCredentials: true };
}

async function* answer(request: AgentRequest, context: ExecuteContext, now: Date): AsyncGenerator<AgentEvent> {
  const choice = chooseProvider(context);
  if (!choice.provider) {
    throw new AgentError({ kind: 'unavailable', retryable: false, message: `${choice.reason}: ${choice.fix}` });
  }
  const days = positiveInt(context.settings.date_filter, DEFAULT_DATE_FILTER_DAYS);
  const maxResults = positiveInt(context.settings.max_results, DEFAULT_MAX_RESULTS);
  const query = toSearchQuery(request.text);
  const { signal, timeoutMs } = context;
  const found = await choice.provider.search({ query, days, maxResults, signal, timeoutMs, now });
  const results = applyRecencyFilter(dedupeByUrl(found), { days, now }).slice(0, maxResults);
  context.logger.debug('web: search done', {
    provider: choice.provider.name,
    found: found.length,
    kept: results.length,
    days,
  });
  if (results.length === 0) {
    yield { type: 'text-delta', text: formatNoResults(query, { days }) };
    yield { type: 'done', finishReason: 'stop' };
    return;
  }
  const summary = await summarise({ request, results, days, now, context });
  // The delegate hands back the whole text, so it is one delta.
  yield { type: 'text-delta', text: summary ? summary.text : formatResultsAnswer(results, { days }) };
  for (const result of results) {
    yield { type: 'source', url: result.url, title: result.title, ...(result.date ? { date: result.date } : {}) };
  }
  yield { type: 'done', finishReason: 'stop' };
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
    execute(request, context) {
      return answer(request, context, clock());
    },
    async health(context) {
      const status = availability(context);
      const provider = status.ok ? chooseProvider(context).provider : undefined;
      // Brave and Tavily bill every call and have no free probe: configured is as healthy as we can tell.
      if (!provider?.health) return status;
      try {
        await provider.health({ signal: context.signal, timeoutMs: context.timeoutMs });
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
