import type { AgentRequest, ExecuteContext } from '@payready/agent-contract';
import { formatNumberedResults } from './format-results.js';
import { isoDay } from './parse-result-date.js';
import type { SearchResult } from './search-provider.js';

const SYSTEM = [
  'You answer questions from web search results.',
  'Use only the numbered results you are given; do not add facts from memory.',
  'Cite every claim with the number of its result in square brackets, e.g. [1] or [2][3].',
  'If the results do not answer the question, say so plainly.',
].join(' ');

export interface SummariseOptions {
  request: AgentRequest;
  results: readonly SearchResult[];
  days: number;
  now: Date;
  context: Pick<ExecuteContext, 'delegate' | 'logger' | 'signal'>;
}

/** What the web agent asks another agent: the question plus the numbered results, citations requested. */
export function buildSummaryRequest(options: Omit<SummariseOptions, 'context'>): AgentRequest {
  const { request, results, days, now } = options;
  const text = [
    `Today is ${isoDay(now)}. Answer the question using the numbered web search results below`,
    `(published within the last ${days} days; undated results come last).`,
    'Cite sources inline by number, e.g. [1], and do not cite a number that is not listed.',
    '',
    'Question:',
    request.text,
    '',
    'Search results:',
    formatNumberedResults(results),
  ].join('\n');
  const { persona } = request;
  return {
    text,
    ...(request.history ? { history: request.history } : {}),
    persona: {
      name: persona.name,
      system: SYSTEM,
      ...(persona.temperature === undefined ? {} : { temperature: persona.temperature }),
      ...(persona.maxTokens === undefined ? {} : { maxTokens: persona.maxTokens }),
    },
  };
}

/**
 * Asks another agent (never web itself) to answer from the results. Undefined when there is no delegate,
 * no usable agent, or the delegate failed: the caller then answers with the ranked results, which are
 * still a useful answer. A cancelled attempt is not swallowed.
 */
export async function summarise(options: SummariseOptions): Promise<{ agent: string; text: string } | undefined> {
  const { delegate, logger, signal } = options.context;
  if (!delegate) return undefined;
  try {
    const answer = await delegate(buildSummaryRequest(options), { exclude: ['web'] });
    return answer && answer.text.trim() ? answer : undefined;
  } catch (error) {
    if (signal.aborted) throw error;
    logger.warn('web: summarising agent failed; answering with the search results', {
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}
