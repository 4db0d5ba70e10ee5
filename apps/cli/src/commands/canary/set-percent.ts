import { UsageError } from '@payready/shared';
import { editConfigFile } from '@payready/shared/config';
import type { CliIO } from '../../cli-io.js';
import { canaryTarget } from './canary-target.js';
import { confirmRewrite } from './confirm-rewrite.js';
import type { CanaryRewriteOptions } from './promote.js';

/** `--percent 12.5` → 12.5; 0..100 in steps of 0.01, as the split honours it. */
export function parsePercent(value: string): number {
  const percent = Number(value.trim().replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100)
    throw new UsageError(`--percent ${value}: expected a number from 0 to 100`);
  return Math.round(percent * 100) / 100;
}

/** `payready canary set NAME --percent N`: the canary's share, rewritten in the file that defines it. */
export async function canarySetPercent(
  agent: string,
  options: CanaryRewriteOptions & { percent: string },
  io: CliIO,
): Promise<number> {
  const percent = parsePercent(options.percent);
  const target = await canaryTarget(io, agent, options.config);
  await editConfigFile(target.file, { path: ['agents', agent, 'canary'], set: { percent } });
  await confirmRewrite(io, target, {}, { ...target.canary, percent });
  io.stderr.write(
    `payready: the canary of ${agent} now takes ${percent}% of its queries (was ${target.canary.percent}%) in ${target.file}\n`,
  );
  return 0;
}
