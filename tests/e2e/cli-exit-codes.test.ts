import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHome, repoRoot, runCli, type TempHome } from '../test-utils/src/index.js';

let home: TempHome;
let env: Record<string, string>;
beforeAll(() => {
  home = createTempHome();
  env = {
    ...home.env,
    PAYREADY_PLUGINS__PATHS: `[${join(repoRoot, 'tests/fixtures/plugins/scripted.mjs')}]`,
    PAYREADY_ROUTING__BACKOFF_MS: '5',
  };
});
afterAll(() => home.cleanup());

describe('exit codes are pinned', () => {
  it('3: a forced agent without credentials names the fix', async () => {
    const run = await runCli(['ask', '--agent', 'claude', '--no-fallback', 'hello'], { env: home.env });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ANTHROPIC_API_KEY');
    expect(run.stderr).toContain('payready keys set anthropic');
  });

  it('4: rate-limited on every try', async () => {
    const run = await runCli(['ask', '--agent', 'alpha', '--no-fallback', 'fail:rate_limit'], { env });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/alpha retry 3: rate_limit/);
  });

  it('1: bad_request stops at once with the upstream message, no fallback', async () => {
    const run = await runCli(['ask', '--json', '--agent', 'alpha', 'fail:bad_request'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('scripted bad_request from alpha');
    expect(run.stderr).not.toMatch(/beta|local:/);
  });

  it('1: every agent failed, with a per-attempt summary', async () => {
    const run = await runCli(['ask', '--agent', 'alpha', 'fail:internal'], {
      env: { ...env, PAYREADY_AGENTS__LOCAL__ENABLED: 'false' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/every agent failed\n\s+alpha: internal/);
    expect(run.stderr).toMatch(/beta: internal/);
  });

  it('falls back to the next agent and reports every attempt in --json', async () => {
    const both = await runCli(['ask', '--json', '--agent', 'alpha', 'fail:unavailable'], {
      env: { ...env, PAYREADY_AGENTS__BETA__ENABLED: 'false' },
    });
    expect(both.code).toBe(0);
    const result = JSON.parse(both.stdout) as {
      agent: string;
      attempts: Array<{ agent: string; ok: boolean; errorKind: string | null }>;
    };
    expect(result.agent).toBe('local');
    expect(result.attempts.map((attempt) => [attempt.agent, attempt.ok, attempt.errorKind])).toEqual([
      ['alpha', false, 'unavailable'],
      ['local', true, null],
    ]);
  });

  it('5: the deadline bounds the whole chain', async () => {
    const run = await runCli(['ask', '--agent', 'alpha', '--deadline', '1s', 'hang'], { env });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('deadline of 1000 ms exceeded');
    expect(run.ms).toBeLessThan(10_000); // a hang guard, not a timing assertion: the limit is 10x the deadline
  });

  it('0 with --on-timeout=skip on a deadline overrun, with a warning', async () => {
    const run = await runCli(['ask', '--agent', 'alpha', '--deadline', '500ms', '--on-timeout=skip', 'hang'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('skipped (--on-timeout=skip)');
  });

  it('130 on Ctrl-C, without a stack trace', async () => {
    const run = await runCli(['ask', '--agent', 'alpha', 'hang'], {
      env,
      onSpawn: (child) => {
        setTimeout(() => child.kill('SIGINT'), 1500);
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('interrupted');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
