import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FSWatcher, watch as chokidarWatch } from 'chokidar';
import { ConfigError } from '../errors/config-error.js';
import { candidatePaths, resolveSources } from './config-sources.js';
import type { CompileResult } from './compile-config.js';
import { loadConfig } from './load-config.js';
import type { LoadConfigOptions, LoadedConfig } from './types.js';

export interface WatchConfigOptions extends LoadConfigOptions {
  /** Called after a change produced a valid config; current() already returns it. */
  onChange(loaded: LoadedConfig): void;
  /** Called when a change produced an invalid config; current() keeps the last good one. */
  onError(error: ConfigError): void;
  debounceMs?: number;
}

export interface ConfigWatcher {
  current(): LoadedConfig;
  close(): Promise<void>;
}

function nearestExistingDir(path: string): string {
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The directories between `path` and its nearest existing ancestor: those whose creation matters. */
function missingDirs(path: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(path); !existsSync(dir) && dirname(dir) !== dir; dir = dirname(dir)) out.push(dir);
  return out;
}

/**
 * Watches (with chokidar, one level deep) the nearest existing directory of each wanted file rather than the
 * file: that also sees files that do not exist yet, even under a directory still to be created (a fresh
 * ~/.config/payready), and editors that save by rename. Everything in those directories except the wanted
 * files and the missing directories on the way to them is ignored.
 */
class DirectoryWatch {
  private relevant = new Set<string>();
  private dirs = new Set<string>();
  // One watcher per directory: a single chokidar watcher given nested roots (say /tmp for a project file
  // looked up from /tmp/checkout, and /tmp/home/.config) applies the outer root's depth limit to the inner
  // one and misses changes there.
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(private readonly onEvent: () => void) {}

  async update(files: readonly string[]): Promise<void> {
    const dirs = new Set(files.map(nearestExistingDir));
    this.relevant = new Set([...files, ...files.flatMap(missingDirs)]);
    const added = [...dirs].filter((dir) => !this.dirs.has(dir));
    const dropped = [...this.dirs].filter((dir) => !dirs.has(dir));
    this.dirs = dirs;
    for (const dir of dropped) {
      await this.watchers.get(dir)?.close();
      this.watchers.delete(dir);
    }
    if (added.length === 0) return;
    const { watch } = await import('chokidar');
    await Promise.all(added.map((dir) => this.watchDirectory(watch, dir)));
  }

  private async watchDirectory(watch: typeof chokidarWatch, dir: string): Promise<void> {
    const ignored = (path: string): boolean => path !== dir && !this.relevant.has(path);
    const watcher = watch(dir, { ignoreInitial: true, depth: 0, ignored });
    this.watchers.set(dir, watcher);
    watcher.on('all', () => this.onEvent());
    // chokidar drops a `change` that follows another on the same path within 50ms (no trailing event), so
    // a quick second save would be lost; the raw fs.watch events are not throttled.
    watcher.on('raw', (_event, name, details) => {
      const watched = (details as { watchedPath?: string } | undefined)?.watchedPath;
      if (watched && (this.relevant.has(watched) || this.relevant.has(join(watched, String(name))))) this.onEvent();
    });
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
  }

  async close(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.close()));
    this.watchers.clear();
  }
}

/**
 * Loads the config, then reloads it whenever a file that fed it (or could: the user and project files even
 * when absent, and missing extends targets) changes. A valid result replaces current() and is passed to
 * onChange; an invalid one goes to onError and current() keeps the last good config. Throws ConfigError when
 * the config is invalid to begin with.
 */
export async function watchConfig(options: WatchConfigOptions): Promise<ConfigWatcher> {
  const { onChange, onError, debounceMs = 100, ...loadOptions } = options;
  let current = await loadConfig(loadOptions);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const schedule = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };
  const watch = new DirectoryWatch(schedule);

  async function reload(): Promise<void> {
    const { compileConfig } = await import('./compile-config.js');
    const sources = resolveSources(loadOptions);
    let result: CompileResult;
    try {
      result = await compileConfig(sources, loadOptions);
    } catch (error) {
      result = {
        ok: false,
        error: new ConfigError([{ source: 'watch', message: String(error) }], { cause: error }),
        touched: [],
      };
    }
    if (closed) return;
    await watch.update([...candidatePaths(sources), ...result.touched, ...current.files]);
    if (result.ok) {
      current = result.loaded;
      onChange(current);
    } else {
      onError(result.error);
    }
  }

  function run(): void {
    if (running) {
      again = true;
      return;
    }
    running = reload().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule();
      }
    });
  }

  await watch.update([...candidatePaths(resolveSources(loadOptions)), ...current.files]);
  return {
    current: () => current,
    async close() {
      closed = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
      await watch.close();
    },
  };
}
