import type { DoctorAgent, DoctorReport } from './doctor-report.js';

export interface DoctorTableOptions {
  /** ✓ and ✗ instead of `ok` and `FAIL` (a terminal without NO_COLOR). */
  marks: boolean;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
}

function keyCell(agent: DoctorAgent): string {
  if (!agent.key) return '-';
  return agent.key.source ?? `not set (${agent.key.names.join(', ')})`;
}

/** `payready doctor` as text: the agents, the services, then each problem with its fix. */
export function formatDoctorTable(report: DoctorReport, options: DoctorTableOptions): string {
  const ok = options.marks ? '✓' : 'ok';
  const fail = options.marks ? '✗' : 'FAIL';
  const flag = (value: boolean | null) => (value === null ? '-' : value ? ok : fail);
  const agentRows = report.agents.map((agent) => [
    agent.name,
    agent.enabled ? 'yes' : 'no',
    agent.enabled ? keyCell(agent) : '-',
    flag(agent.reachable),
    agent.model ?? '-',
    agent.modelNote && agent.modelKnown === null ? '?' : flag(agent.modelKnown),
    !agent.enabled ? 'disabled' : agent.usable ? ok : fail,
  ]);
  const lines = table([['agent', 'enabled', 'key', 'reachable', 'model', 'listed', 'status'], ...agentRows]);
  const services = (['redis', 'tracing'] as const).flatMap((name) => {
    const check = report[name];
    return check ? [[name, check.target, `${check.ok ? ok : fail} (${check.ms} ms)`]] : [];
  });
  if (services.length > 0) lines.push('', ...table([['service', 'target', 'status'], ...services]));
  const problems: string[] = [];
  for (const agent of report.agents) {
    if (agent.enabled && agent.modelNote)
      problems.push(`${agent.name}: model ${agent.model ?? ''} unknown (${agent.modelNote})`);
    if (!agent.enabled || agent.usable) continue;
    problems.push(`${agent.name}: ${agent.reason ?? 'not usable'}`);
    if (agent.fix) problems.push(`  fix: ${agent.fix}`);
  }
  for (const name of ['redis', 'tracing'] as const) {
    const check = report[name];
    if (check && !check.ok) problems.push(`${name}: ${check.target}: ${check.reason ?? 'unreachable'}`);
  }
  for (const failure of report.failures) problems.push(`plugin ${failure.source} was not loaded: ${failure.reason}`);
  if (problems.length > 0) lines.push('', ...problems);
  const enabled = report.agents.filter((agent) => agent.enabled);
  const unusable = enabled.filter((agent) => !agent.usable).length;
  const summary =
    enabled.length === 0
      ? `${fail}: no agent is enabled`
      : unusable === 0
        ? `${ok}: every enabled agent is usable`
        : `${fail}: ${unusable} of ${enabled.length} enabled agents not usable`;
  lines.push('', summary);
  return `${lines.join('\n')}\n`;
}
