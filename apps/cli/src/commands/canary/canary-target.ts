import { isAbsolute } from 'node:path';
import type { AgentSettings } from '@payready/agent-contract';
import { canaryOf, type CanarySettings } from '@payready/core';
import { UsageError, type LoadedConfig } from '@payready/shared';
import { loadConfig } from '@payready/shared/config';
import type { CliIO } from '../../cli-io.js';
import { configLoadOptions } from '../config/config-load-options.js';

/** An agent's canary and the one config file that defines it: what promote, rollback and set rewrite. */
export interface CanaryTarget {
  agent: string;
  settings: AgentSettings;
  canary: CanarySettings;
  /** Absolute path of the file holding `agents.<agent>.canary`. */
  file: string;
  loaded: LoadedConfig;
  /** `--config FILE`, to reload the same chain after the rewrite. */
  configFile?: string;
}

const describeSource = (source: string): string => (source === 'default' ? 'the defaults' : source);

/**
 * Finds the file to rewrite. Refuses (exit 2) when the agent has no canary, or when any part of it comes
 * from a PAYREADY_* variable or a flag (nothing to rewrite: change the variable) or from several files
 * (which one would be "the" canary is a guess).
 */
export async function canaryTarget(io: CliIO, agent: string, configFile?: string): Promise<CanaryTarget> {
  const loaded = await loadConfig(configLoadOptions(io, configFile));
  const sections = loaded.config.agents as Record<string, AgentSettings | undefined>;
  const settings = sections[agent];
  if (!settings)
    throw new UsageError(`unknown agent "${agent}"; configured agents: ${Object.keys(sections).join(', ')}`);
  const canary = canaryOf(settings);
  if (!canary)
    throw new UsageError(`agents.${agent} has no canary`, {
      hint: `add agents.${agent}.canary: {model: …, percent: 5} to a config file (\`payready config path\` lists them)`,
    });
  const prefix = `agents.${agent}.canary.`;
  const sources = new Set(
    Object.entries(loaded.origins)
      .filter(([key]) => key.startsWith(prefix))
      .map(([, origin]) => origin.source),
  );
  const elsewhere = [...sources].filter((source) => !isAbsolute(source));
  if (elsewhere.length > 0)
    throw new UsageError(
      `agents.${agent}.canary is set by ${elsewhere.map(describeSource).join(', ')}, not by a config file; there is no file to rewrite`,
      { hint: 'change or unset that variable or flag instead, or move the canary into a config file' },
    );
  if (sources.size !== 1)
    throw new UsageError(`agents.${agent}.canary is spread over several files: ${[...sources].join(', ')}`, {
      hint: `keep the whole canary block in one file`,
    });
  return { agent, settings, canary, file: [...sources][0]!, loaded, ...(configFile ? { configFile } : {}) };
}

/**
 * Refuses when a key about to be written into the canary's file is set with higher precedence elsewhere (a
 * later file, a variable, a flag): the rewrite would not take effect.
 */
export function assertWritable(target: CanaryTarget, keys: readonly string[]): void {
  const { loaded, file, agent } = target;
  const rank = (source: string) => (isAbsolute(source) ? loaded.files.indexOf(source) : Number.POSITIVE_INFINITY);
  for (const key of keys) {
    const origin = loaded.origins[`agents.${agent}.${key}`];
    if (!origin || origin.source === 'default' || origin.source === file) continue;
    if (rank(origin.source) > rank(file))
      throw new UsageError(
        `agents.${agent}.${key} is set by ${origin.source}${origin.line ? `:${origin.line}` : ''}, which overrides ${file}; writing it there would change nothing`,
        { hint: `remove agents.${agent}.${key} from ${origin.source}, or move the canary there` },
      );
  }
}
