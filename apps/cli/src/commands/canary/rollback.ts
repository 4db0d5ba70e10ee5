import { editConfigFile } from '@payready/shared/config';
import type { CliIO } from '../../cli-io.js';
import { canaryTarget } from './canary-target.js';
import { confirmRewrite } from './confirm-rewrite.js';
import type { CanaryRewriteOptions } from './promote.js';

/** `payready canary rollback NAME`: the canary block goes from the file that defines it; the stable side stays. */
export async function canaryRollback(agent: string, options: CanaryRewriteOptions, io: CliIO): Promise<number> {
  const target = await canaryTarget(io, agent, options.config);
  await editConfigFile(target.file, { path: ['agents', agent], remove: ['canary'] });
  await confirmRewrite(io, target, {});
  io.stderr.write(`payready: removed the canary of ${agent} from ${target.file}; all its traffic is stable\n`);
  return 0;
}
