import { canaryPromotion } from '@payready/core';
import { editConfigFile } from '@payready/shared/config';
import type { CliIO } from '../../cli-io.js';
import { assertWritable, canaryTarget } from './canary-target.js';
import { confirmRewrite } from './confirm-rewrite.js';

export interface CanaryRewriteOptions {
  config?: string;
}

/**
 * `payready canary promote NAME`: the canary's model/endpoint become the agent's, and the canary block goes,
 * in the file that defines it; the rest of the file is left as written. A running `payready serve` picks
 * the change up through its config watcher.
 */
export async function canaryPromote(agent: string, options: CanaryRewriteOptions, io: CliIO): Promise<number> {
  const target = await canaryTarget(io, agent, options.config);
  const promoted = canaryPromotion(agent, target.settings);
  assertWritable(target, Object.keys(promoted));
  await editConfigFile(target.file, { path: ['agents', agent], set: promoted, remove: ['canary'] });
  await confirmRewrite(io, target, promoted);
  const changes = Object.entries(promoted).map(([key, value]) => `${key}: ${value}`);
  io.stderr.write(`payready: promoted the canary of ${agent} (${changes.join(', ')}) in ${target.file}\n`);
  return 0;
}
