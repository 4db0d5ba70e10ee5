import type { AgentSettings } from '@payready/agent-contract';
import { canaryOf, type CanarySettings } from '@payready/core';
import { InternalError } from '@payready/shared';
import { loadConfig } from '@payready/shared/config';
import type { CliIO } from '../../cli-io.js';
import { configLoadOptions } from '../config/config-load-options.js';
import type { CanaryTarget } from './canary-target.js';

/**
 * Reloads the whole chain after a rewrite and checks that it says what was meant: the config still loads
 * (a ConfigError names file:line), the agent has the expected canary (or none) and the promoted values.
 */
export async function confirmRewrite(
  io: CliIO,
  target: CanaryTarget,
  promoted: Readonly<Record<string, string>>,
  canary?: CanarySettings,
): Promise<void> {
  const { config } = await loadConfig(configLoadOptions(io, target.configFile));
  const settings = (config.agents as Record<string, AgentSettings | undefined>)[target.agent] ?? {};
  const wrong = Object.entries(promoted).filter(([key, value]) => settings[key] !== value);
  const now = canaryOf(settings);
  if (wrong.length > 0 || (canary ? now?.percent !== canary.percent : now !== undefined))
    throw new InternalError(
      `rewrote ${target.file} but agents.${target.agent} now reads ${JSON.stringify(settings)}; check the file`,
    );
}
