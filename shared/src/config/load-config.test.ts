import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { configFixture, problemsOf, type ConfigFixture } from './config-test-fixture.js';
import { loadConfig } from './load-config.js';

let fx: ConfigFixture;
beforeEach(() => {
  fx = configFixture();
});
afterEach(() => fx.remove());

describe('loadConfig precedence', () => {
  it('applies every layer in order: defaults, base, env file, user, project, --config, PAYREADY_*, flags', async () => {
    const base = fx.write(
      'builtin/base.yaml',
      'app:\n  name: Base\nrouting:\n  max_retries: 3\n  default_agent: local\nagents:\n  codex:\n    models: [a, b]\n',
    );
    const dev = fx.write('builtin/development.yaml', 'extends: base.yaml\napp:\n  name: Dev\n  log_level: DEBUG\n');
    const user = fx.write(
      'xdg/payready/config.yaml',
      'app:\n  name: User\nrouting:\n  max_retries: 4\ncache:\n  ttl: 1h\n',
    );
    const project = fx.write(
      'project/.payready.yaml',
      'app:\n  name: Project\nrouting:\n  max_retries: 5\nagents:\n  codex:\n    models: [c]\n',
    );
    const extraBase = fx.write('extra/extra-base.yaml', 'routing:\n  backoff_ms: 100\n');
    const explicit = fx.write(
      'extra/explicit.yaml',
      'extends: extra-base.yaml\napp:\n  name: Explicit\nrouting:\n  max_retries: 6\n',
    );
    const options = fx.options({ file: '../../../extra/explicit.yaml' });
    const { config, origins, files } = await loadConfig({
      ...options,
      env: {
        ...options.env,
        PAYREADY_ENV: 'development',
        PAYREADY_ROUTING__MAX_RETRIES: '7',
        PAYREADY_APP__DEBUG: 'true',
      },
      overrides: {
        'routing.max_retries': { value: 8, source: '--retries' },
        'routing.deadline': { value: undefined, source: '--deadline' },
      },
    });

    expect(files).toEqual([base, dev, user, project, extraBase, explicit]);
    expect(config.app.name).toBe('Explicit');
    expect(origins['app.name']).toEqual({ source: explicit, line: 3, column: 3 });
    expect(config.app.log_level).toBe('debug');
    expect(origins['app.log_level']).toEqual({ source: dev, line: 4, column: 3 });
    expect(config.cache.ttl).toBe('1h');
    expect(origins['cache.ttl']).toEqual({ source: user, line: 6, column: 3 });
    expect(config.agents.codex.models).toEqual(['c']);
    expect(origins['agents.codex.models']).toEqual({ source: project, line: 7, column: 5 });
    expect(config.routing.backoff_ms).toBe(100);
    expect(origins['routing.backoff_ms']?.source).toBe(extraBase);
    expect(config.app.debug).toBe(true);
    expect(origins['app.debug']).toEqual({ source: 'env:PAYREADY_APP__DEBUG' });
    expect(config.routing.max_retries).toBe(8);
    expect(origins['routing.max_retries']).toEqual({ source: '--retries' });
    expect(config.routing.default_agent).toBe('local');
    expect(origins['routing.default_agent']?.source).toBe(base);
    expect(config.routing.deadline).toBeUndefined();
    expect(config.server.port).toBe(8000);
    expect(origins['server.port']).toEqual({ source: 'default' });
  });

  it('each layer wins over the one below it', async () => {
    fx.write('builtin/base.yaml', 'routing:\n  max_retries: 1\n');
    fx.write('builtin/test.yaml', 'extends: base.yaml\nrouting:\n  max_retries: 2\n');
    const retries = async (extra: Record<string, string> = {}): Promise<number> => {
      const options = fx.options();
      return (await loadConfig({ ...options, env: { ...options.env, PAYREADY_ENV: 'test', ...extra } })).config.routing
        .max_retries;
    };
    expect(await retries()).toBe(2);
    fx.write('xdg/payready/config.yaml', 'routing:\n  max_retries: 3\n');
    expect(await retries()).toBe(3);
    fx.write('project/.payready.yaml', 'routing:\n  max_retries: 4\n');
    expect(await retries()).toBe(4);
    fx.write('project/src/.payready.yaml', 'routing:\n  max_retries: 5\n');
    expect(await retries()).toBe(5);
    expect(await retries({ PAYREADY_ROUTING__MAX_RETRIES: '6' })).toBe(6);
  });

  it('loads only base.yaml when PAYREADY_ENV is unset, with schema defaults under it', async () => {
    fx.write('builtin/production.yaml', 'extends: base.yaml\napp:\n  name: Prod\n');
    const { config, files } = await loadConfig(fx.options());
    expect(files).toEqual([join(fx.builtinDir, 'base.yaml')]);
    expect(config.app.name).toBe('Base');
    expect(config.routing.confidence_threshold).toBe(0.6);
  });

  it('stacks an environment file that does not extend base.yaml on top of it anyway', async () => {
    fx.write('builtin/base.yaml', 'app:\n  name: Base\n  debug: true\n');
    fx.write('builtin/solo.yaml', 'app:\n  name: Solo\n');
    const options = fx.options();
    const { config, files } = await loadConfig({ ...options, env: { ...options.env, PAYREADY_ENV: 'solo' } });
    expect(config.app).toMatchObject({ name: 'Solo', debug: true });
    expect(files).toEqual([join(fx.builtinDir, 'base.yaml'), join(fx.builtinDir, 'solo.yaml')]);
  });

  it('deep-merges mappings but replaces lists and scalars', async () => {
    fx.write('builtin/base.yaml', 'agents:\n  local:\n    paths: [a, b]\n    max_passages: 2\n');
    fx.write('project/.payready.yaml', 'agents:\n  local:\n    paths: [c]\n');
    const { config } = await loadConfig(fx.options());
    expect(config.agents.local).toMatchObject({ paths: ['c'], max_passages: 2, enabled: true });
  });

  it('chains extends through several files, relative to each file', async () => {
    fx.write('a/one.yaml', 'app:\n  name: one\n  debug: true\n');
    fx.write('b/two.yaml', 'extends: ../a/one.yaml\napp:\n  name: two\n');
    fx.write('project/.payready.yaml', 'extends: ../b/two.yaml\nrouting:\n  max_retries: 0\n');
    const { config, files } = await loadConfig(fx.options());
    expect(config.app).toMatchObject({ name: 'two', debug: true });
    expect(config.routing.max_retries).toBe(0);
    expect(files.slice(1)).toEqual([
      join(fx.root, 'a/one.yaml'),
      join(fx.root, 'b/two.yaml'),
      join(fx.projectDir, '.payready.yaml'),
    ]);
  });

  it('lets community agents carry their own keys', async () => {
    fx.write('project/.payready.yaml', 'agents:\n  weather:\n    enabled: false\n    city: Oslo\n');
    const { config, origins } = await loadConfig(fx.options());
    expect(config.agents.weather).toEqual({ enabled: false, city: 'Oslo' });
    expect(origins['agents.weather.city']).toMatchObject({ line: 4, column: 5 });
  });
});

describe('PAYREADY_* variables', () => {
  const load = async (env: Record<string, string>) => {
    const options = fx.options();
    return loadConfig({ ...options, env: { ...options.env, ...env } });
  };

  it('map double underscores to levels, keep single underscores, and parse values as YAML', async () => {
    const { config, origins } = await load({
      PAYREADY_ROUTING__CONFIDENCE_THRESHOLD: '0.7',
      PAYREADY_ROUTING__FALLBACK: 'false',
      PAYREADY_AGENTS__CODEX__MODELS: '[x, y]',
      PAYREADY_ROUTING__DEADLINE: '8s',
      PAYREADY_APP__NAME: 'Acme: AI',
      PAYREADY_CACHE__REDIS__URL: 'redis://127.0.0.1:6379/0',
    });
    expect(config.routing.confidence_threshold).toBe(0.7);
    expect(origins['routing.confidence_threshold']).toEqual({ source: 'env:PAYREADY_ROUTING__CONFIDENCE_THRESHOLD' });
    expect(config.routing.fallback).toBe(false);
    expect(config.agents.codex.models).toEqual(['x', 'y']);
    expect(config.routing.deadline).toBe('8s');
    expect(config.app.name).toBe('Acme: AI');
    expect(config.cache.redis.url).toBe('redis://127.0.0.1:6379/0');
  });

  it('ignores PAYREADY_ENV, PAYREADY_CONFIG_DIR, PAYREADY_ENCRYPTION_KEY, names without __, and empty values', async () => {
    fx.write('builtin/staging.yaml', 'extends: base.yaml\n');
    const { config } = await load({
      PAYREADY_ENV: 'staging',
      PAYREADY_CONFIG_DIR: '/elsewhere',
      PAYREADY_ENCRYPTION_KEY: 'secret',
      PAYREADY_DEBUG: 'true',
      PAYREADY_ROUTING__MAX_RETRIES: '',
      OTHER__APP__DEBUG: 'true',
    });
    expect(config.app.debug).toBe(false);
    expect(config.routing.max_retries).toBe(3);
    expect(JSON.stringify(config)).not.toMatch(/elsewhere|secret/);
  });

  it('reports a bad value against the variable', async () => {
    const problems = await problemsOf(load({ PAYREADY_ROUTING__MAX_RETRIES: 'many' }));
    expect(problems).toEqual([
      {
        source: 'env:PAYREADY_ROUTING__MAX_RETRIES',
        keyPath: 'routing.max_retries',
        message: 'wrong type',
        expected: 'number',
        got: 'string "many"',
      },
    ]);
  });
});
