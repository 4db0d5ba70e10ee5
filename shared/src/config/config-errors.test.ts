import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ConfigError, formatConfigProblem } from '../errors/config-error.js';
import { configFixture, problemsOf, type ConfigFixture } from './config-test-fixture.js';
import { loadConfig } from './load-config.js';
import { validateConfigFile } from './validate-config-file.js';

let fx: ConfigFixture;
beforeEach(() => {
  fx = configFixture();
});
afterEach(() => fx.remove());

const project = (text: string): string => fx.write('project/.payready.yaml', text);

describe('invalid YAML', () => {
  it('reports file:line:col from the parser, for every broken file at once', async () => {
    const user = fx.write('xdg/payready/config.yaml', 'app:\n  debug: true\n  debug: false\n');
    const file = project('routing:\n\tmax_retries: 1\n');
    expect(await problemsOf(loadConfig(fx.options()))).toEqual([
      { source: user, line: 3, column: 3, message: 'invalid YAML: Map keys must be unique' },
      { source: file, line: 2, column: 1, message: 'invalid YAML: Tabs are not allowed as indentation' },
    ]);
  });

  it('rejects a file whose top level is not a mapping', async () => {
    const file = project('- a\n- b\n');
    expect(await problemsOf(loadConfig(fx.options()))).toEqual([
      { source: file, line: 1, column: 1, message: 'the top level must be a mapping of keys to values' },
    ]);
  });

  it('treats an empty file as setting nothing', async () => {
    project('# nothing yet\n');
    expect((await loadConfig(fx.options())).config.app.name).toBe('Base');
  });
});

describe('wrong values', () => {
  it('points at the value in the file that supplied it', async () => {
    fx.write('xdg/payready/config.yaml', 'routing:\n  confidence_threshold: 0.5\n');
    const file = project('app:\n  name: ok\nrouting:\n  confidence_threshold: "high"\n');
    const problems = await problemsOf(loadConfig(fx.options()));
    expect(problems).toEqual([
      {
        source: file,
        line: 4,
        column: 25,
        keyPath: 'routing.confidence_threshold',
        message: 'wrong type',
        expected: 'number',
        got: 'string "high"',
      },
    ]);
    expect(formatConfigProblem(problems[0]!)).toBe(
      `${file}:4:25: routing.confidence_threshold: wrong type (expected number, got string "high")`,
    );
  });

  it('describes ranges, enums, integers, formats, unions and list items', async () => {
    const file = project(
      [
        'routing:',
        '  confidence_threshold: 1.5',
        '  max_retries: 2.5',
        '  deadline: true',
        '  default_timeout: fast',
        'agents:',
        '  claude:',
        '    backend: sdk',
        '  codex:',
        '    models: [a, 3]',
        'cache: 5',
        '',
      ].join('\n'),
    );
    const problems = await problemsOf(loadConfig(fx.options()));
    const byKey = Object.fromEntries(problems.map((problem) => [problem.keyPath, problem]));
    expect(problems.every((problem) => problem.source === file)).toBe(true);
    expect(byKey['routing.confidence_threshold']).toMatchObject({
      line: 2,
      column: 25,
      expected: 'at most 1',
      got: 'number 1.5',
    });
    expect(byKey['routing.max_retries']).toMatchObject({ line: 3, column: 16, expected: 'integer', got: 'number 2.5' });
    expect(byKey['routing.deadline']).toMatchObject({
      line: 4,
      column: 13,
      expected: 'seconds as a number, or a string with a unit: 500ms, 8s, 2m, 1h',
      got: 'boolean true',
    });
    expect(byKey['routing.default_timeout']).toMatchObject({
      line: 5,
      column: 20,
      message: 'wrong format',
      got: 'string "fast"',
    });
    expect(byKey['agents.claude.backend']).toMatchObject({
      line: 8,
      column: 14,
      expected: 'one of api, cli',
      got: 'string "sdk"',
    });
    expect(byKey['agents.codex.models.1']).toMatchObject({ line: 10, column: 17, expected: 'string', got: 'number 3' });
    expect(byKey['cache']).toMatchObject({ line: 11, column: 8, expected: 'object', got: 'number 5' });
    expect(problems).toHaveLength(7);
  });

  it('names the flag for a bad override', async () => {
    const problems = await problemsOf(
      loadConfig(fx.options({ overrides: { 'routing.deadline': { value: 'soon', source: '--deadline' } } })),
    );
    expect(problems).toEqual([
      {
        source: '--deadline',
        keyPath: 'routing.deadline',
        message: 'wrong format',
        expected: 'a duration such as 500ms, 8s, 2m',
        got: 'string "soon"',
      },
    ]);
  });
});

describe('unknown keys', () => {
  it('points at the key and names the nearest valid one at that level', async () => {
    const file = project(
      'routing:\n  confidense_threshold: 0.7\nroutng: {}\nagents:\n  claude:\n    modell: x\nzzzzzzzzzzzz: 1\n',
    );
    const problems = await problemsOf(loadConfig(fx.options()));
    expect(problems).toContainEqual({
      source: file,
      line: 2,
      column: 3,
      keyPath: 'routing.confidense_threshold',
      message: 'unknown key (did you mean confidence_threshold?)',
    });
    expect(problems).toContainEqual({
      source: file,
      line: 3,
      column: 1,
      keyPath: 'routng',
      message: 'unknown key (did you mean routing?)',
    });
    expect(problems).toContainEqual({
      source: file,
      line: 6,
      column: 5,
      keyPath: 'agents.claude.modell',
      message: 'unknown key (did you mean model?)',
    });
    const far = problems.find((problem) => problem.keyPath === 'zzzzzzzzzzzz');
    expect(far?.message).toMatch(/^unknown key \(valid keys: .*routing.*\)$/);
    expect(problems).toHaveLength(4);
    expect(formatConfigProblem(problems[0]!)).toBe(
      `${file}:2:3: routing.confidense_threshold: unknown key (did you mean confidence_threshold?)`,
    );
  });

  it('names the variable that introduced an unknown key', async () => {
    const options = fx.options();
    const problems = await problemsOf(
      loadConfig({ ...options, env: { ...options.env, PAYREADY_ROUTING__MAX_RETRYS: '2' } }),
    );
    expect(problems).toEqual([
      {
        source: 'env:PAYREADY_ROUTING__MAX_RETRYS',
        keyPath: 'routing.max_retrys',
        message: 'unknown key (did you mean max_retries?)',
      },
    ]);
  });

  it('accepts unknown agent names (community plugins)', async () => {
    project('agents:\n  my_plugin:\n    anything: [1, 2]\n');
    expect((await loadConfig(fx.options())).config.agents.my_plugin).toEqual({ enabled: true, anything: [1, 2] });
  });
});

describe('file errors', () => {
  it('reports a missing extends target at the extends key, with the chain', async () => {
    const file = project('app:\n  name: x\nextends: ../shared/missing.yaml\n');
    const target = join(fx.root, 'shared', 'missing.yaml');
    expect(await problemsOf(loadConfig(fx.options()))).toEqual([
      {
        source: file,
        line: 3,
        column: 1,
        keyPath: 'extends',
        message: `extends target not found: ${target} (chain: ${file} → ${target})`,
      },
    ]);
  });

  it('reports an extends cycle with the chain', async () => {
    const a = fx.write('cfg/a.yaml', 'extends: b.yaml\n');
    const b = fx.write('cfg/b.yaml', 'app:\n  debug: true\nextends: a.yaml\n');
    expect(await problemsOf(loadConfig(fx.options({ file: a })))).toEqual([
      { source: b, line: 3, column: 1, keyPath: 'extends', message: `extends cycle: ${a} → ${b} → ${a}` },
    ]);
    const self = fx.write('cfg/self.yaml', 'extends: ./self.yaml\n');
    expect((await problemsOf(loadConfig(fx.options({ file: self }))))[0]?.message).toBe(
      `extends cycle: ${self} → ${self}`,
    );
  });

  it('rejects an extends that is not a file name', async () => {
    const file = project('extends: [a.yaml]\n');
    expect(await problemsOf(loadConfig(fx.options()))).toEqual([
      {
        source: file,
        line: 1,
        column: 1,
        keyPath: 'extends',
        message: 'wrong type',
        expected: 'a file name',
        got: '["a.yaml"]',
      },
    ]);
  });

  it('reports a PAYREADY_ENV without a built-in file, suggesting the nearest', async () => {
    fx.write('builtin/staging.yaml', 'extends: base.yaml\n');
    const options = fx.options();
    const error = await loadConfig({ ...options, env: { ...options.env, PAYREADY_ENV: 'stagng' } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        source: 'env:PAYREADY_ENV',
        message: `no built-in environment "stagng": ${join(fx.builtinDir, 'stagng.yaml')} not found (did you mean staging?)`,
      },
    ]);
    expect((error as ConfigError).exitCode).toBe(2);
  });

  it('reports a missing --config file', async () => {
    const missing = join(fx.root, 'nope.yaml');
    expect(await problemsOf(loadConfig(fx.options({ file: missing })))).toEqual([
      { source: missing, message: 'file not found' },
    ]);
  });

  it('collects problems from every layer in one error', async () => {
    fx.write('xdg/payready/config.yaml', 'app:\n  debug: maybe\n');
    project('routing:\n  confidense_threshold: 0.7\n');
    const options = fx.options({ overrides: { 'server.port': { value: -1, source: '--port' } } });
    const problems = await problemsOf(
      loadConfig({ ...options, env: { ...options.env, PAYREADY_CACHE__TTL: 'forever' } }),
    );
    expect(problems.map((problem) => [problem.source.replace(fx.root, ''), problem.keyPath])).toEqual(
      expect.arrayContaining([
        ['/xdg/payready/config.yaml', 'app.debug'],
        ['/project/.payready.yaml', 'routing.confidense_threshold'],
        ['env:PAYREADY_CACHE__TTL', 'cache.ttl'],
        ['--port', 'server.port'],
      ]),
    );
    expect(problems).toHaveLength(4);
  });
});

describe('validateConfigFile', () => {
  it('checks one file with its extends chain over the defaults', async () => {
    fx.write('cfg/base.yaml', 'routing:\n  max_retries: 2\n');
    const good = fx.write('cfg/good.yaml', 'extends: base.yaml\napp:\n  debug: true\n');
    expect(await validateConfigFile(good)).toEqual([]);
    const bad = fx.write('cfg/bad.yaml', 'extends: base.yaml\nrouting:\n  max_retries: 99\n');
    expect(await validateConfigFile(bad)).toEqual([
      {
        source: bad,
        line: 3,
        column: 16,
        keyPath: 'routing.max_retries',
        message: 'out of range',
        expected: 'at most 10',
        got: 'number 99',
      },
    ]);
    expect(await validateConfigFile(join(fx.root, 'cfg/none.yaml'))).toEqual([
      { source: join(fx.root, 'cfg/none.yaml'), message: 'file not found' },
    ]);
  });
});
