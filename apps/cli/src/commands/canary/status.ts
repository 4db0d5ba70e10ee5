import type { AgentSettings } from '@payready/agent-contract';
import { canaryEndpointKey, canaryOf, canarySettings } from '@payready/core';
import { compareCanary, readUsageRecords, UsageError, xdgPaths } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { formatCanaryTable, type CanaryRow } from '../../render/canary-table.js';
import { loadCliConfig } from '../../runtime/load-cli-config.js';
import { parseSince } from '../stats.js';

export interface CanaryStatusOptions {
  agent?: string;
  since?: string;
  json?: boolean;
  config?: string;
}

/** What each side runs: model and the URL a canary endpoint replaces, when set. */
function sideSettings(agent: string, settings: AgentSettings): { model: string | null; endpoint: string | null } {
  const key = canaryEndpointKey(agent, settings);
  const endpoint = settings[key];
  return {
    model: typeof settings.model === 'string' ? settings.model : null,
    endpoint: typeof endpoint === 'string' ? endpoint : Array.isArray(endpoint) ? endpoint.join(',') : null,
  };
}

/**
 * `payready canary status`: per agent with a canary (or the one named, canary or not, e.g. after a
 * rollback), stable against canary from the usage log: requests, error rate, p50/p95 latency.
 */
export async function canaryStatus(options: CanaryStatusOptions, io: CliIO): Promise<number> {
  const since = options.since === undefined ? undefined : parseSince(options.since, Date.now());
  const { config } = await loadCliConfig(io, options.config ? { file: options.config } : {});
  const sections = config.agents as Record<string, AgentSettings | undefined>;
  if (options.agent !== undefined && !sections[options.agent])
    throw new UsageError(`unknown agent "${options.agent}"; configured agents: ${Object.keys(sections).join(', ')}`);
  const names =
    options.agent !== undefined
      ? [options.agent]
      : Object.keys(sections).filter((name) => canaryOf(sections[name]!) !== undefined);
  const records = readUsageRecords(xdgPaths(io.env).stateDir);
  const rows: CanaryRow[] = names.map((name) => {
    const settings = sections[name]!;
    const canary = canaryOf(settings);
    const usage = compareCanary(records, name, since ? { since } : {});
    // After a rollback the log still holds the canary's asks: shown, with no model or endpoint configured.
    const canarySide = canary ? sideSettings(name, canarySettings(name, settings)) : { model: null, endpoint: null };
    return {
      agent: name,
      percent: canary?.percent ?? 0,
      stable: { ...sideSettings(name, settings), ...usage.stable },
      canary: { ...canarySide, ...usage.canary },
    };
  });
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ since: since?.toISOString() ?? null, agents: rows })}\n`);
    return 0;
  }
  io.stdout.write(formatCanaryTable(rows, { ...(options.since ? { window: options.since } : {}) }));
  return 0;
}
