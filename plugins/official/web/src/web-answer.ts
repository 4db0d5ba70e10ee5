import {
  AgentError,
  type AgentEvent,
  type AgentRequest,
  type Availability,
  type ExecuteContext,
} from '@payready/agent-contract';
import { chooseProvider } from './choose-provider.js';
import { formatNoResults, formatResultsAnswer } from './format-results.js';
import { applyRecencyFilter } from './recency-filter.js';
import { toSearchQuery, type SearchResult } from './search-provider.js';
import { summarise } from './summarise.js';

const DEFAULT_DATE_FILTER_DAYS = 100;
const DEFAULT_MAX_RESULTS = 8;

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

function dedupeByUrl(results: readonly SearchResult[]): SearchResult[] {
  const seen = new Set<string>();
  return results.filter((result) => !seen.has(result.url) && Boolean(seen.add(result.url)));
}

/** One web answer: search, filter by date, then summarise with numbered sources (or list the results). */
export async function* webAnswer(
  request: AgentRequest,
  context: ExecuteContext,
  now: Date,
): AsyncGenerator<AgentEvent> {
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

/** The provider's own probe where it has a free one; `status` is the plugin's availability. */
export async function webHealth(context: ExecuteContext, status: Availability): Promise<Availability> {
  const provider = status.ok ? chooseProvider(context).provider : undefined;
  // Brave and Tavily bill every call and have no free probe: configured is as healthy as we can tell.
  if (!provider?.health) return status;
  try {
    await provider.health({ signal: context.signal, timeoutMs: context.timeoutMs });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
