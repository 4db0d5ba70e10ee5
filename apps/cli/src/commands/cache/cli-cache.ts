import { createAnswerCache, type AnswerCache } from '@payready/core';
import type { PayReadyConfig } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { cliPaths } from '../../runtime/cli-paths.js';

/** The answer cache for this invocation (undefined when cache.enabled is false); trouble is warned once on stderr. */
export function createCliCache(
  io: CliIO,
  config: PayReadyConfig,
  options: { quiet?: boolean; evenIfDisabled?: boolean } = {},
): AnswerCache | undefined {
  const paths = cliPaths(io);
  return createAnswerCache({
    config,
    cacheDir: paths.cacheDir,
    stateDir: paths.stateDir,
    env: io.env,
    ...(options.evenIfDisabled ? { evenIfDisabled: true } : {}),
    ...(options.quiet ? {} : { warn: (message: string) => io.stderr.write(`payready: warning: ${message}\n`) }),
  });
}

/** `--no-cache` wins over `--refresh`. */
export function cacheMode(options: { cache?: boolean; refresh?: boolean }): 'use' | 'refresh' | 'off' {
  if (options.cache === false) return 'off';
  return options.refresh ? 'refresh' : 'use';
}
