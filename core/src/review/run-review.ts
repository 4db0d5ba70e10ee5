import type { RouteQuery } from '@payready/agent-contract';
import { PayReadyError } from '@payready/shared';
import type { AskResult } from '../ask/ask-result.js';
import { runAsk, type AskOptions } from '../ask/run-ask.js';
import type { Finding } from './findings-schema.js';
import { parseFindings } from './parse-findings.js';
import { retryInstructions } from './review-prompt.js';
import { severityRank } from './severity.js';

export interface ReviewOptions extends Omit<AskOptions, 'text' | 'query' | 'history'> {
  /** The review request: instructions as the prompt, the masked diff as stdin. */
  query: RouteQuery;
  /** The text sent upstream (the persona's template applied to the query). */
  text: string;
  /** Called before the second ask, with why the first reply was rejected. */
  onRetry?: (problem: string) => void;
}

export interface ReviewResult {
  /** Most severe first; then by file and line. */
  findings: Finding[];
  /** One ask, or two when the first reply was malformed. */
  asks: AskResult[];
}

/** The reviewer's replies were not valid findings twice. Exit 1: the hook lets the commit through. */
export class MalformedFindingsError extends PayReadyError {
  constructor(problem: string, answer: string) {
    const excerpt = answer.length > 400 ? `${answer.slice(0, 400)}…` : answer;
    super(`the reviewer's reply is not valid findings JSON, also after one retry: ${problem}`, {
      name: 'MalformedFindingsError',
      hint: `its reply began: ${JSON.stringify(excerpt)}\ntry another agent (--agent) or model (--model)`,
    });
  }
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (left, right) =>
      severityRank(right.severity) - severityRank(left.severity) ||
      left.file.localeCompare(right.file) ||
      (left.line ?? 0) - (right.line ?? 0),
  );
}

/**
 * Asks for structured findings. A malformed reply gets one follow-up in the same conversation (the reply
 * and what was wrong with it go upstream as history), then MalformedFindingsError.
 */
export async function runReview(options: ReviewOptions): Promise<ReviewResult> {
  const { onRetry, ...ask } = options;
  const first = await runAsk(ask);
  const parsed = await parseFindings(first.answer);
  if (parsed.ok) return { findings: sortFindings(parsed.findings), asks: [first] };
  onRetry?.(parsed.problem);
  const text = retryInstructions(parsed.problem);
  const second = await runAsk({
    ...ask,
    // The retry goes to the agent that answered, so the conversation continues where it started.
    forcedAgent: first.agent,
    query: { prompt: text, text },
    text,
    history: [
      { role: 'user', content: options.text },
      { role: 'assistant', content: first.answer },
    ],
  });
  const again = await parseFindings(second.answer);
  if (!again.ok) throw new MalformedFindingsError(again.problem, second.answer);
  return { findings: sortFindings(again.findings), asks: [first, second] };
}
