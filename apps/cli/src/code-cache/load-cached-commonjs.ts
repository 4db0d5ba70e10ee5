import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import nodeModule from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { writeFileAtomic } from '@payready/shared';

/** A CommonJS bundle evaluated with V8's code cache, and how to keep the cache for the next run. */
export interface CachedCommonJs {
  exports: Record<string, unknown>;
  /**
   * Writes the code cache when there was none or V8 rejected it (another Node version, a rebuilt bundle).
   * Call it after the work is done: the cache then holds every function this run compiled, not only the top
   * level. With no cache, the first run of a build only leaves a marker and the second writes the cache: the
   * first run in a new home also compiles what only a first run needs (parsing the config files, indexing the
   * docs), ~20% more cache that every later run would deserialise. Best effort: a read-only or full cache
   * directory only costs later runs their compile time.
   */
  saveCache(): void;
}

export interface LoadCachedCommonJsOptions {
  /** The bundle (CommonJS, self-contained but for Node built-ins, its vendor files and native addons). */
  file: string;
  /** Where the code cache lives (`$XDG_CACHE_HOME/payready/v8`); undefined: no cache. */
  cacheDir: string | undefined;
  /** Which cache of the bundle: each holds what its kind of run compiled (e.g. the command's name). */
  variant: string;
}

/**
 * import() for the bundle: on Node 20, import() inside code that V8 restored from a code cache fails ("A dynamic
 * import callback was not specified"), so the build turns each into a call of this (scripts/build/
 * hot-vendors.mjs). Paths are relative to the bundle, as they would be for its own import().
 */
function hostImport(file: string): (specifier: string) => Promise<unknown> {
  const base = pathToFileURL(file);
  return (specifier) => import(/^\.{1,2}\//.test(specifier) ? new URL(specifier, base).href : specifier);
}

/**
 * Loads `file` as Node's CommonJS loader would, but through vm.Script with `cachedData`: Node 20 has no code
 * cache for ES modules (module.enableCompileCache is Node ≥ 22.1), and compiling the ~0.4 MB that `payready
 * route` and `ask` run is about a third of their cold start. The cache file is named by the bundle's size and
 * mtime and by the Node version, so a rebuilt bundle or another Node never reads a stale one (V8 would reject
 * it anyway, and it is then rewritten).
 */
export function loadCachedCommonJs(options: LoadCachedCommonJsOptions): CachedCommonJs {
  const { file } = options;
  const source = readFileSync(file, 'utf8');
  const stamp = statSync(file);
  const build = `${basename(file)}-${process.version}-${process.arch}-${stamp.size}-${Math.trunc(stamp.mtimeMs)}`;
  const cacheFile = options.cacheDir && join(options.cacheDir, `${build}-${options.variant}.v8`);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // No cache yet: compiled from source, and the cache is written by saveCache().
    }
  }
  // Node's CommonJS wrapper plus the import() the bundle uses instead of its own (see hostImport).
  const wrapped = `(function (exports, require, module, __filename, __dirname, __payreadyImport) { ${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const require = nodeModule.createRequire(file);
  wrapper.call(module.exports, module.exports, require, module, file, dirname(file), hostImport(file));
  return {
    exports: module.exports,
    saveCache() {
      if (!cacheFile || (cachedData && !script.cachedDataRejected)) return;
      const marker = `${cacheFile}.seen`;
      try {
        if (!cachedData && !existsSync(marker)) {
          writeFileAtomic(marker, '', { fsync: false });
          return;
        }
        writeFileAtomic(cacheFile, script.createCachedData());
        rmSync(marker, { force: true });
        for (const name of readdirSync(options.cacheDir!)) {
          // Caches of earlier builds and other Node versions.
          if (name.startsWith(`${basename(file)}-`) && !name.startsWith(`${build}-`))
            rmSync(join(options.cacheDir!, name), { force: true });
        }
      } catch {
        // Best effort (see saveCache).
      }
    },
  };
}
