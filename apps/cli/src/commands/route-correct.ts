import {
  INTENT_LABELS,
  UsageError,
  appendCorrection,
  closestMatch,
  isIntentLabel,
  readLastRoute,
  xdgPaths,
} from '@payready/shared';
import type { CliIO } from '../cli-io.js';

export interface RouteCorrectOptions {
  /** The agent that should have answered the last routed query. */
  agent: string;
}

/**
 * `payready route --correct AGENT`: records that the last routed query should have gone to AGENT. The
 * correction steers later decisions on the same or a near-identical query at once, and joins the training
 * data at the next retrain (`node scripts/train-router/train.mjs --corrections FILE`).
 */
export async function routeCorrect(options: RouteCorrectOptions, io: CliIO): Promise<number> {
  const agent = options.agent.trim().toLowerCase();
  if (!isIntentLabel(agent)) {
    const guess = closestMatch(agent, INTENT_LABELS);
    throw new UsageError(`cannot correct routing to "${options.agent}": not a routable agent`, {
      hint: guess
        ? `did you mean "${guess}"? (one of ${INTENT_LABELS.join(', ')})`
        : `use one of ${INTENT_LABELS.join(', ')}`,
    });
  }
  const { stateDir } = xdgPaths(io.env);
  const last = readLastRoute(stateDir);
  if (!last) {
    throw new UsageError('there is no routed query to correct', {
      hint: 'route or ask something first; payready remembers the last query it routed',
    });
  }
  appendCorrection(stateDir, { query: last.query, chosen: last.chosen, label: agent, at: new Date().toISOString() });
  const preview = last.query.length > 60 ? `${last.query.slice(0, 57)}...` : last.query;
  const change = last.chosen === agent ? `confirmed ${agent}` : `${last.chosen} → ${agent}`;
  io.stderr.write(`recorded correction for "${preview.replace(/\s+/g, ' ')}": ${change}\n`);
  return 0;
}
