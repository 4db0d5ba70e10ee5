import { join } from 'node:path';
import { xdgPaths } from '@payready/shared';
import type { HotCommand } from '../plain-command.js';
import { loadCachedCommonJs } from './load-cached-commonjs.js';

type RunHot = (argv: readonly string[], assetsDir: string) => Promise<number>;

/**
 * `payready ask|route …` in the bundle: apps/cli/src/hot-main.ts, built by scripts/build.mjs as one CommonJS
 * file (dist/hot/main.cjs) and run with V8's code cache from `$XDG_CACHE_HOME/payready/v8`, one cache per
 * command, since each holds the functions its command compiled.
 */
export async function runHotPath(command: HotCommand, argv: readonly string[], assetsDir: string): Promise<number> {
  const bundle = loadCachedCommonJs({
    file: join(assetsDir, 'hot', 'main.cjs'),
    cacheDir: join(xdgPaths(process.env).cacheDir, 'v8'),
    variant: command,
  });
  const code = await (bundle.exports.runHot as RunHot)(argv, assetsDir);
  bundle.saveCache();
  return code;
}
