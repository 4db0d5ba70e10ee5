import { resolve } from 'node:path';
import { ExitCode, PayReadyError, formatConfigProblem, type ConfigProblem } from '@payready/shared';
import { inspectConfigFile, loadConfig } from '@payready/shared/config';
import type { CliIO } from '../../cli-io.js';
import { configLoadOptions } from './config-load-options.js';

export interface ConfigValidateOptions {
  /** Check this file (and its extends chain) alone; without it, the whole effective chain. */
  file?: string;
}

async function check(
  options: ConfigValidateOptions,
  io: CliIO,
): Promise<{ problems: readonly ConfigProblem[]; files: string[] }> {
  if (options.file !== undefined) return inspectConfigFile(resolve(io.cwd, options.file));
  try {
    return { problems: [], files: (await loadConfig(configLoadOptions(io))).files };
  } catch (error) {
    if (PayReadyError.isInstance(error) && error.name === 'ConfigError' && 'problems' in error) {
      return { problems: error.problems as readonly ConfigProblem[], files: [] };
    }
    throw error;
  }
}

/**
 * `payready config validate [FILE]`. Reporting the problems is this command's answer, so it prints them
 * itself (to stderr) and returns exit 2 rather than throwing.
 */
export async function configValidate(options: ConfigValidateOptions, io: CliIO): Promise<number> {
  const { problems, files } = await check(options, io);
  if (problems.length > 0) {
    for (const problem of problems) io.stderr.write(`${formatConfigProblem(problem)}\n`);
    return ExitCode.usage;
  }
  io.stdout.write(`ok: ${files.join(', ')}\n`);
  return ExitCode.ok;
}
