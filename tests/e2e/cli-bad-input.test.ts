import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHome, runCli, type TempHome } from '../test-utils/src/index.js';

let home: TempHome;
let project: string;
beforeAll(() => {
  home = createTempHome();
  project = mkdtempSync(join(tmpdir(), 'payready-project-'));
  mkdirSync(join(project, '.git'));
});
afterAll(() => home.cleanup());

function withProjectConfig(text: string): string {
  writeFileSync(join(project, '.payready.yaml'), text);
  return join(project, '.payready.yaml');
}

describe('bad input gets a clear error and exit 2', () => {
  it('invalid YAML names file:line:column', async () => {
    const file = withProjectConfig('routing:\n  confidence_threshold: [0.5\n');
    const run = await runCli(['ask', 'hi'], { env: home.env, cwd: project });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+`));
  });

  it('a key of the wrong type names file:line:column, key, expected and got', async () => {
    const file = withProjectConfig('routing:\n  confidence_threshold: high\n');
    const run = await runCli(['ask', 'hi'], { env: home.env, cwd: project });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:2:25`);
    expect(run.stderr).toContain('routing.confidence_threshold');
    expect(run.stderr).toMatch(/expected number/);
    expect(run.stderr).toMatch(/got .*high/);
  });

  it('an unknown key names the nearest valid one', async () => {
    withProjectConfig('routing:\n  confidense_threshold: 0.5\n');
    const run = await runCli(['ask', 'hi'], { env: home.env, cwd: project });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/routing\.confidense_threshold[\s\S]*did you mean confidence_threshold/);
  });

  it('a missing extends target and an extends cycle', async () => {
    withProjectConfig('extends: nowhere.yaml\n');
    const missing = await runCli(['ask', 'hi'], { env: home.env, cwd: project });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere.yaml');

    writeFileSync(join(project, 'a.yaml'), 'extends: .payready.yaml\n');
    withProjectConfig('extends: a.yaml\n');
    const cycle = await runCli(['ask', 'hi'], { env: home.env, cwd: project });
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toMatch(/cycle/i);
  });

  it('a bad PAYREADY_* variable is reported with its name', async () => {
    withProjectConfig('{}\n');
    const run = await runCli(['ask', 'hi'], {
      env: { ...home.env, PAYREADY_ROUTING__CONFIDENCE_THRESHOLD: 'lots' },
      cwd: project,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PAYREADY_ROUTING__CONFIDENCE_THRESHOLD');
  });

  it('an empty prompt with no stdin', async () => {
    withProjectConfig('{}\n');
    const run = await runCli(['ask'], { env: home.env, cwd: project });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('empty prompt');
  });

  it('stdin over the configured limit', async () => {
    const run = await runCli(['ask', 'summarise'], {
      env: { ...home.env, PAYREADY_APP__MAX_STDIN_BYTES: '1000' },
      input: 'x'.repeat(5000),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('larger than the limit of 1000 bytes');
  });

  it('non-UTF-8 stdin', async () => {
    const run = await runCli(['ask', 'summarise'], {
      env: home.env,
      input: Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x0a]),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not valid UTF-8 (first bad byte at offset 2)');
  });

  it('an unknown --agent lists the known ones', async () => {
    const run = await runCli(['ask', '--agent', 'claud', 'hi'], { env: home.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown agent "claud"; known agents: agno, claude, codex, local, web');
  });

  it('a plugin path that does not exist', async () => {
    const run = await runCli(['ask', 'hi'], { env: { ...home.env, PAYREADY_PLUGINS__PATHS: '[/no/such/plugin]' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('plugin path does not exist: /no/such/plugin');
  });

  it('an unknown flag and a bad duration', async () => {
    expect((await runCli(['ask', '--nope', 'hi'], { env: home.env })).code).toBe(2);
    const duration = await runCli(['ask', '--deadline', 'soon', 'hi'], { env: home.env });
    expect(duration.code).toBe(2);
    expect(duration.stderr).toContain('--deadline "soon" is not a duration');
  });

  it('an unknown persona lists the known ones', async () => {
    const run = await runCli(['ask', '--persona', 'pirate', 'hi'], { env: home.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown persona "pirate"; known: default, explainer, reviewer/);
  });
});
