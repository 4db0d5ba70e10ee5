import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigError } from '../errors/config-error.js';
import { configFixture, problemsOf, type ConfigFixture } from './config-test-fixture.js';
import type { LoadedConfig } from './types.js';
import { watchConfig, type ConfigWatcher } from './watch-config.js';

type WatchEvent = { kind: 'change'; loaded: LoadedConfig } | { kind: 'error'; error: ConfigError };

/** Collects watcher callbacks; `until` resolves on the first later event matching `predicate`. */
function recorder() {
  let waiters: { predicate: (event: WatchEvent) => boolean; resolve: (event: WatchEvent) => void }[] = [];
  const push = (event: WatchEvent): void => {
    waiters = waiters.filter((waiter) => {
      if (!waiter.predicate(event)) return true;
      waiter.resolve(event);
      return false;
    });
  };
  return {
    onChange: (loaded: LoadedConfig) => push({ kind: 'change', loaded }),
    onError: (error: ConfigError) => push({ kind: 'error', error }),
    until: (predicate: (event: WatchEvent) => boolean) =>
      new Promise<WatchEvent>((resolve) => waiters.push({ predicate, resolve })),
    name: (name: string) => (event: WatchEvent) => event.kind === 'change' && event.loaded.config.app.name === name,
  };
}

let fx: ConfigFixture;
let watcher: ConfigWatcher | undefined;
beforeEach(() => {
  fx = configFixture();
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  fx.remove();
});

describe('watchConfig', () => {
  it('sees a change in a directory nested inside another watched one (a checkout under the temp dir)', async () => {
    // The project file is looked up from cwd to /, so the fixture root (an ancestor) is watched too, and the
    // --config file sits in a subdirectory of it. (The failure this guards against was seen with `payready
    // serve` run from a checkout under /tmp; tests/integration/server/hot-reload.test.ts covers that path.)
    const file = fx.write('nested/dir/extra.yaml', 'app:\n  name: one\n');
    const events = recorder();
    watcher = await watchConfig({ ...fx.options(), cwd: fx.root, file, ...events, debounceMs: 20 });
    const changed = events.until(events.name('two'));
    fx.write('nested/dir/extra.yaml', 'app:\n  name: two\n');
    await changed;
    expect(watcher.current().config.app.name).toBe('two');
  });

  it('swaps in a valid change, keeps the last good config on an invalid one, and swaps again once fixed', async () => {
    fx.write('project/.payready.yaml', 'app:\n  name: one\n');
    const events = recorder();
    watcher = await watchConfig({ ...fx.options(), ...events, debounceMs: 20 });
    const initial = watcher.current();
    expect(initial.config.app.name).toBe('one');

    const two = events.until(events.name('two'));
    fx.write('project/.payready.yaml', 'app:\n  name: two\n');
    const changed = await two;
    expect(watcher.current().config.app.name).toBe('two');
    expect(changed.kind === 'change' && changed.loaded).toBe(watcher.current());
    expect(initial.config.app.name).toBe('one');

    const failed = events.until((event) => event.kind === 'error');
    const file = fx.write('project/.payready.yaml', 'app:\n  name: broken\nrouting:\n  max_retries: lots\n');
    const error = await failed;
    expect(error.kind === 'error' && error.error.problems).toEqual([
      {
        source: file,
        line: 4,
        column: 16,
        keyPath: 'routing.max_retries',
        message: 'wrong type',
        expected: 'number',
        got: 'string "lots"',
      },
    ]);
    expect(watcher.current().config.app.name).toBe('two');

    const three = events.until(events.name('three'));
    fx.write('project/.payready.yaml', 'app:\n  name: three\n');
    await three;
    expect(watcher.current().config.app.name).toBe('three');
  });

  it('notices a project file appearing nearer to cwd and a user file whose directory did not exist', async () => {
    const events = recorder();
    watcher = await watchConfig({ ...fx.options(), ...events, debounceMs: 20 });
    expect(watcher.current().config.app.name).toBe('Base');

    const nearer = events.until(events.name('nearer'));
    fx.write('project/src/deep/.payready.yaml', 'app:\n  name: nearer\n');
    await nearer;

    const user = events.until((event) => event.kind === 'change' && event.loaded.config.app.debug);
    fx.write('xdg/payready/config.yaml', 'app:\n  debug: true\n');
    await user;
    expect(watcher.current().files).toContain(fx.userFile);
  });

  it('follows extends targets, including one that is missing until it is created', async () => {
    fx.write('project/.payready.yaml', 'extends: team.yaml\napp:\n  debug: true\n');
    fx.write('project/team.yaml', 'app:\n  name: team\n');
    const events = recorder();
    watcher = await watchConfig({ ...fx.options(), ...events, debounceMs: 20 });

    const renamed = events.until(events.name('team 2'));
    fx.write('project/team.yaml', 'app:\n  name: team 2\n');
    await renamed;

    const missing = events.until((event) => event.kind === 'error');
    fx.write('project/.payready.yaml', 'extends: other.yaml\n');
    expect((await missing).kind).toBe('error');
    expect(watcher.current().config.app.name).toBe('team 2');

    const created = events.until(events.name('other'));
    fx.write('project/other.yaml', 'app:\n  name: other\n');
    await created;
  });

  it('throws ConfigError when the config is invalid to begin with', async () => {
    fx.write('project/.payready.yaml', 'app:\n  debug: 3\n');
    const events = recorder();
    expect(await problemsOf(watchConfig({ ...fx.options(), ...events }))).toHaveLength(1);
  });
});
