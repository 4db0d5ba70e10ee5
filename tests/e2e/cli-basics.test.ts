import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBundle, createTempHome, repoRoot, runCli, type TempHome } from '../test-utils/src/index.js';

let home: TempHome;
beforeAll(() => {
  home = createTempHome();
});
afterAll(() => home.cleanup());

const ESC = '\u001b[';

describe('payready basics (built CLI)', () => {
  it('--version prints the package version and nothing else', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'apps/cli/package.json'), 'utf8')) as {
      version: string;
    };
    const run = await runCli(['--version'], { env: home.env });
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help lists the commands and the exit codes', async () => {
    const run = await runCli(['--help'], { env: home.env });
    expect(run.code).toBe(0);
    for (const command of ['ask', 'route', 'agents', 'config', 'keys']) expect(run.stdout).toContain(command);
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*3 +no usable credentials[\s\S]*130 +interrupted/);
  });

  it('--help and -h print the build-time rendering, identical to what commander renders now', async () => {
    // `help` always goes through commander; `--help` reads dist/help.txt. A stale or hand-edited help.txt
    // (a command added without a rebuild) shows up as a difference here.
    const [fast, short, commander] = await Promise.all([
      runCli(['--help'], { env: home.env }),
      runCli(['-h'], { env: home.env }),
      runCli(['help'], { env: home.env }),
    ]);
    expect(commander.code).toBe(0);
    expect(fast).toMatchObject({ code: 0, stdout: commander.stdout, stderr: '' });
    expect(short).toMatchObject({ code: 0, stdout: commander.stdout, stderr: '' });
    expect(readFileSync(join(dirname(cliBundle), 'help.txt'), 'utf8')).toBe(commander.stdout);
  });

  it('answers offline from the local agent with path:line citations, hint on stderr only', async () => {
    const run = await runCli(['ask', 'how', 'do', 'I', 'configure', 'an', 'agent?'], { env: home.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/README\.md:\d+/);
    expect(run.stdout).not.toContain('payready:');
    expect(run.stdout + run.stderr).not.toContain(ESC);
  });

  it('ask --json prints one object with the documented fields', async () => {
    const run = await runCli(['ask', '--json', 'what are the exit codes?'], { env: home.env });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(result).toMatchObject({
      agent: 'local',
      cached: false,
      attempts: [{ agent: 'local', ok: true, errorKind: null }],
    });
    for (const field of ['answer', 'model', 'durationMs', 'usage', 'ttftMs', 'sources'])
      expect(result).toHaveProperty(field);
    expect(typeof result.durationMs).toBe('number');
  });

  it('joins a prompt and piped stdin with a blank line', async () => {
    const run = await runCli(['ask', '--json', '--agent', 'alpha', 'summarise:'], {
      env: { ...home.env, PAYREADY_PLUGINS__PATHS: `[${join(repoRoot, 'tests/fixtures/plugins/scripted.mjs')}]` },
      input: 'line one\nline two\n',
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { answer: string }).answer).toBe(
      'scripted(alpha): summarise:\n\nline one\nline two',
    );
  });

  it('plain `route|ask <words>` (no flags, no commander) prints what the parsed form prints', async () => {
    // `--` sends the same words through commander; the outputs, exit codes and stderr must not differ.
    const words = ['how', 'do', 'I', 'configure', 'an', 'agent?'];
    for (const command of ['route', 'ask']) {
      const [plain, parsed] = await Promise.all([
        runCli([command, ...words], { env: home.env }),
        runCli([command, '--', ...words], { env: home.env }),
      ]);
      expect(plain.code).toBe(0);
      expect(plain.stdout.length).toBeGreaterThan(0);
      expect(plain).toMatchObject({ code: parsed.code, stdout: parsed.stdout, stderr: parsed.stderr });
    }
    // A flag anywhere means the parser: a bad one is still a usage error.
    const bad = await runCli(['route', 'hello', '--bogus'], { env: home.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
  });

  it('config show prints YAML, and --origin says where each value came from', async () => {
    // yaml is CommonJS; in the bundle a dynamic import exposes it on `default` only (a crash here once).
    const [plain, origin] = await Promise.all([
      runCli(['config', 'show'], { env: home.env }),
      runCli(['config', 'show', '--origin'], { env: home.env }),
    ]);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(plain.stdout).toMatch(/^app:\n {2}name: PayReady AI\n/);
    expect(origin.code).toBe(0);
    expect(origin.stdout).toMatch(/name: PayReady AI # from .*base\.yaml:\d+/);
  });

  it('route prints the chosen agent; --json has every score; --batch echoes ids', async () => {
    const plain = await runCli(['route', 'what', 'is', 'in', 'the', 'README?'], { env: home.env });
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^[a-z]+$/);

    const json = await runCli(['route', '--json', 'write a python function that reverses a list'], { env: home.env });
    const decision = JSON.parse(json.stdout) as { agent: string; scores: Array<{ agent: string; score: number }> };
    expect(decision.scores.map((score) => score.agent).sort()).toEqual(['claude', 'codex', 'local', 'web']);
    // codex fits best but has no key: the decision says so by choosing a usable agent instead.
    expect(decision.scores[0]!.agent).toBe('codex');

    const batch = await runCli(['route', '--batch'], {
      env: home.env,
      input: '{"id": 1, "query": "latest news about node.js"}\n{"id": "b", "query": "explain monads"}\n',
    });
    expect(batch.code).toBe(0);
    const rows = batch.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: unknown; agent: string; scores: unknown[] });
    expect(rows.map((row) => row.id)).toEqual([1, 'b']);
    expect(rows.every((row) => row.scores.length === 4)).toBe(true);
  });

  it('--explain writes the ranked scores to stderr, not stdout', async () => {
    const run = await runCli(['route', '--explain', 'explain monads'], { env: home.env });
    expect(run.stderr).toMatch(/route: \w+ \(/);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('agents lists every official agent with its state and fix', async () => {
    const run = await runCli(['agents', '--json'], { env: home.env });
    const { agents } = JSON.parse(run.stdout) as {
      agents: Array<{ name: string; available: boolean; enabled: boolean; fix?: string }>;
    };
    expect(agents.map((agent) => agent.name)).toEqual(['agno', 'claude', 'codex', 'local', 'web']);
    expect(agents.find((agent) => agent.name === 'local')).toMatchObject({ available: true });
    expect(agents.find((agent) => agent.name === 'agno')).toMatchObject({ enabled: false });
    expect(agents.find((agent) => agent.name === 'claude')!.fix).toContain('ANTHROPIC_API_KEY');
  });

  it('loads community plugins from plugins.paths and reports broken ones while the rest work', async () => {
    const fixtures = join(repoRoot, 'tests/fixtures/plugins');
    const env = {
      ...home.env,
      PAYREADY_PLUGINS__PATHS: `[${fixtures}/scripted.mjs, ${fixtures}/broken.mjs, ${fixtures}/malformed.mjs]`,
    };
    const run = await runCli(['agents', '--json'], { env });
    const { agents, failures } = JSON.parse(run.stdout) as {
      agents: Array<{ name: string }>;
      failures: Array<{ source: string; reason: string }>;
    };
    expect(agents.map((agent) => agent.name)).toContain('alpha');
    expect(failures).toEqual(
      expect.arrayContaining([
        { source: join(fixtures, 'broken.mjs'), reason: 'this plugin is broken on purpose' },
        expect.objectContaining({
          source: join(fixtures, 'malformed.mjs'),
          reason: expect.stringContaining('lower-case identifier'),
        }),
      ]),
    );
    expect(run.stderr).toContain('broken.mjs was not loaded: this plugin is broken on purpose');
  });

  it('the worked community example answers through the same path', async () => {
    const env = { ...home.env, PAYREADY_PLUGINS__PATHS: `[${join(repoRoot, 'plugins/community/example')}]` };
    const run = await runCli(['ask', 'echo', 'hello', 'world'], { env });
    expect(run).toMatchObject({ code: 0, stdout: 'hello world\n' });
  });
});
