import type { RouteDecision } from '@payready/core';

/** The ranked scores, one agent per line, for `--explain` (stderr). */
export function formatExplain(decision: RouteDecision, threshold: number): string {
  const lines = [
    `route: ${decision.chosen} (${decision.reason}; threshold ${threshold}; ${decision.micros.toFixed(1)} µs)`,
  ];
  for (const agent of decision.ranked) {
    const mark = agent.name === decision.chosen ? '→' : ' ';
    const status = agent.available ? '' : `  [unavailable: ${agent.unavailableReason ?? 'unknown'}]`;
    lines.push(`${mark} ${agent.name.padEnd(8)} ${agent.score.toFixed(3)}${status}`);
    for (const reason of agent.reasons.slice(0, 5)) lines.push(`      ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}
