import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ConfigError } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { configPath } from './path.js';
import { configShow } from './show.js';
import { configValidate } from './validate.js';

let root: string;
let io: CliIO;
let out: string;
let err: string;

function write(relative: string, text: string): string {
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'payready-config-cmd-'));
  write('assets/config/base.yaml', 'app:\n  name: Base\n');
  mkdirSync(join(root, 'project/src'), { recursive: true });
  out = '';
  err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  io = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { HOME: join(root, 'home'), XDG_CONFIG_HOME: join(root, 'xdg') },
    cwd: join(root, 'project/src'),
    color: false,
    assetsDir: join(root, 'assets'),
  };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('payready config show', () => {
  it('prints the effective config as YAML, with origins on request', async () => {
    const project = write('project/.payready.yaml', 'routing:\n  max_retries: 1\n');
    expect(await configShow({}, io)).toBe(0);
    expect(out).toContain('  name: Base\n');
    expect(out).toContain('  max_retries: 1\n');
    out = '';
    await configShow({ origin: true }, io);
    expect(out).toContain(`  name: Base # from ${join(root, 'assets/config/base.yaml')}:2\n`);
    expect(out).toContain(`  max_retries: 1 # from ${project}:2\n`);
    expect(out).toContain('  port: 8000 # from default\n');
    expect(out).toMatch(/ {4}models: \[ gpt-5-mini, gpt-5 \] # from default\n/);
  });

  it('prints JSON, with origins on request, and reads --config', async () => {
    const extra = write('extra.yaml', 'app:\n  debug: true\n');
    await configShow({ json: true, config: extra }, io);
    expect(JSON.parse(out)).toMatchObject({ app: { name: 'Base', debug: true } });
    out = '';
    await configShow({ json: true, origin: true, config: extra }, io);
    const body = JSON.parse(out) as { config: unknown; origins: Record<string, unknown> };
    expect(body.origins['app.debug']).toEqual({ source: extra, line: 2, column: 3 });
  });

  it('throws ConfigError for a bad config instead of printing', async () => {
    write('project/.payready.yaml', 'app:\n  debug: 3\n');
    await expect(configShow({}, io)).rejects.toBeInstanceOf(ConfigError);
    expect(out).toBe('');
  });
});

describe('payready config validate', () => {
  it('says ok with the files of the effective chain', async () => {
    const project = write('project/.payready.yaml', 'app:\n  debug: true\n');
    expect(await configValidate({}, io)).toBe(0);
    expect(out).toBe(`ok: ${join(root, 'assets/config/base.yaml')}, ${project}\n`);
  });

  it('prints every problem to stderr and returns 2', async () => {
    const project = write('project/.payready.yaml', 'app:\n  debug: 3\nroutng: {}\n');
    expect(await configValidate({}, io)).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      `${project}:2:10: app.debug: wrong type (expected boolean, got number 3)\n` +
        `${project}:3:1: routng: unknown key (did you mean routing?)\n`,
    );
  });

  it('checks one file, relative to cwd, with its extends chain', async () => {
    const base = write('project/src/base.yaml', 'app:\n  debug: true\n');
    const file = write('project/src/mine.yaml', 'extends: base.yaml\n');
    expect(await configValidate({ file: 'mine.yaml' }, io)).toBe(0);
    expect(out).toBe(`ok: ${base}, ${file}\n`);
    write('project/src/base.yaml', 'app:\n  debug: 3\n');
    expect(await configValidate({ file: 'mine.yaml' }, io)).toBe(2);
    expect(err).toContain(`${base}:2:10: app.debug: wrong type`);
  });
});

describe('payready config path', () => {
  it('lists the files in precedence order, marking which exist', async () => {
    const team = write('project/team.yaml', 'app:\n  debug: true\n');
    const project = write('project/.payready.yaml', 'extends: team.yaml\n');
    expect(await configPath({}, io)).toBe(0);
    expect(out.split('\n')).toEqual([
      `[x] ${join(root, 'assets/config/base.yaml')}  (built-in)`,
      `[ ] ${join(root, 'xdg/payready/config.yaml')}  (user, not found)`,
      `[x] ${team}  (extends from ${project})`,
      `[x] ${project}  (project)`,
      '',
    ]);
  });

  it('shows the environment file and a missing project file', async () => {
    write('assets/config/staging.yaml', 'extends: base.yaml\n');
    io = { ...io, env: { ...io.env, PAYREADY_ENV: 'staging' } };
    await configPath({ config: 'extra.yaml' }, io);
    expect(out.split('\n')).toEqual([
      `[x] ${join(root, 'assets/config/base.yaml')}  (built-in)`,
      `[x] ${join(root, 'assets/config/staging.yaml')}  (environment)`,
      `[ ] ${join(root, 'xdg/payready/config.yaml')}  (user, not found)`,
      `[ ] ${join(root, 'project/src/.payready.yaml')}  (project, not found)`,
      `[ ] ${join(root, 'project/src/extra.yaml')}  (explicit, not found)`,
      '',
    ]);
  });
});
