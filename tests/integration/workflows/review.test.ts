import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TempHome } from '../../test-utils/src/index.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test-utils/src/fake-openai.js';
import {
  cli,
  createGitRepo,
  findingsReply,
  inputMessages,
  OPENAI_KEY,
  openAIHome,
  requestText,
  type GitRepo,
} from './workflow-helpers.js';

// `payready review` end to end: the built CLI, a real git repository, and a fake OpenAI server as the reviewer.

const LEAKED = 'sk-proj-LEAKEDabcdefghijklmnopqrstuvwxyz0123';
const FINDINGS = [
  { severity: 'high', file: 'src/calc.js', line: 2, message: 'Division by zero when values is empty.' },
  { severity: 'low', file: 'src/config.js', line: 1, message: 'Hardcoded API key.' },
  { severity: 'info', file: 'src/calc.js', line: null, message: 'Consider tests.' },
];

let fake: FakeOpenAI;
let home: TempHome & { env: Record<string, string> };
let repo: GitRepo;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: OPENAI_KEY });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.setHandler(() => ({ kind: 'text', text: findingsReply(FINDINGS) }));
  home = openAIHome(fake);
  repo = createGitRepo(home.root);
  // The known bug: average() of an empty list divides by zero; plus a committed key and a binary file.
  repo.write(
    'src/calc.js',
    'export function average(values) {\n  return values.reduce((a, b) => a + b) / values.length;\n}\n',
  );
  repo.write('src/config.js', `export const apiKey = "${LEAKED}";\nexport const fromEnv = "${OPENAI_KEY}";\n`);
  repo.write('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]));
  repo.git('add', '.');
});
afterEach(() => home.cleanup());

const review = (args: string[], extraEnv: Record<string, string> = {}) =>
  cli(['review', '--staged', '--no-cache', ...args], { cwd: repo.dir, env: { ...home.env, ...extraEnv } });

describe('payready review', () => {
  it('exits 6 with --fail-on high and 0 with --fail-on critical, findings grouped by file', async () => {
    const failing = await review(['--fail-on', 'high']);
    expect(failing.stderr).toContain('at or above high: failing (exit 6)');
    expect(failing.code).toBe(6);
    expect(failing.stdout).toMatch(/^src\/calc\.js\n\s+-\s+info\s+Consider tests\.\n\s+2\s+high\s+Division by zero/m);
    expect(failing.stdout).toMatch(/src\/config\.js\n\s+1\s+low\s+Hardcoded API key\./);
    const passing = await review(['--fail-on', 'critical']);
    expect(passing.code).toBe(0);
    expect((await review([])).code).toBe(0);
  });

  it('masks secrets before the diff leaves the machine and never sends binary files', async () => {
    const run = await review(['--json']);
    expect(run.code).toBe(0);
    expect(fake.requests).toHaveLength(1);
    const sent = requestText(fake.requests[0]!);
    expect(sent).toContain('average(values)');
    expect(sent).not.toContain(LEAKED);
    expect(sent).not.toContain(OPENAI_KEY);
    expect(sent).toContain('export const apiKey = \\"[REDACTED]\\"');
    expect(sent).not.toContain('logo.png differ');
    expect(sent).toContain('Binary files, not shown: assets/logo.png');
    // The reviewer persona's system prompt and the JSON-only instruction went along.
    expect((fake.requests[0]!.body as { instructions?: string }).instructions).toContain('senior code reviewer');
    expect(sent).toContain('Reply with JSON only');
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      findings: [FINDINGS[0], FINDINGS[1], FINDINGS[2]],
      failed: false,
      failOn: null,
      agent: 'codex',
      asks: 1,
      files: { reviewed: ['src/calc.js', 'src/config.js'], binary: ['assets/logo.png'] },
    });
    expect(json.masked).toBeGreaterThanOrEqual(2);
    expect(run.stderr).toContain('skipped 1 binary file(s)');
  });

  it('retries a malformed answer once with the bad reply as history, then uses the valid one', async () => {
    fake.enqueue({ kind: 'text', text: 'Looks good to me, ship it!' });
    const run = await review(['--fail-on', 'high', '--json']);
    expect(run.code).toBe(6);
    expect(fake.requests).toHaveLength(2);
    expect(run.stderr).toContain('not valid findings JSON (the reply contains no JSON object); asking once more');
    const retry = inputMessages(fake.requests[1]!);
    expect(retry.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(retry[1]!.content).toBe('Looks good to me, ship it!');
    expect(retry[2]!.content).toContain('Your reply could not be used');
    expect(JSON.parse(run.stdout)).toMatchObject({ asks: 2, failed: true });
  });

  it('reports an answer that is malformed twice (exit 1), without a third request', async () => {
    fake.setHandler(() => ({ kind: 'text', text: '{"findings": [{"severity": "catastrophic", "file": "x"}]}' }));
    const run = await review(['--fail-on', 'high']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('not valid findings JSON, also after one retry');
    expect(run.stderr).toContain('findings.0.severity');
    expect(fake.requests).toHaveLength(2);
  });

  it('prints GitHub annotations with --format github', async () => {
    const run = await review(['--format', 'github', '--fail-on', 'high']);
    expect(run.code).toBe(6);
    expect(run.stdout.trim().split('\n')).toEqual([
      '::error file=src/calc.js,line=2,title=payready review (high)::Division by zero when values is empty.',
      '::warning file=src/config.js,line=1,title=payready review (low)::Hardcoded API key.',
      '::notice file=src/calc.js,title=payready review (info)::Consider tests.',
    ]);
  });

  it('exits 3 naming the fix when no model is usable, and 0 when there is nothing to review', async () => {
    const noKey = await review(['--fail-on', 'high'], { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' });
    expect(noKey.code).toBe(3);
    expect(noKey.stderr).toContain('OPENAI_API_KEY');
    repo.git('commit', '-q', '-m', 'everything');
    const empty = await review(['--fail-on', 'high', '--json']);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toMatchObject({ findings: [], asks: 0 });
    expect(empty.stderr).toContain('nothing to review');
    expect(fake.requests).toHaveLength(0);
  });

  it('reviews a commit range and given files', async () => {
    repo.git('commit', '-q', '-m', 'second');
    const range = await cli(['review', '--range', 'HEAD~1..HEAD', '--no-cache', '--json'], {
      cwd: repo.dir,
      env: home.env,
    });
    expect(range.code).toBe(0);
    expect(requestText(fake.requests[0]!)).toContain('commits HEAD~1..HEAD');
    repo.write('src/calc.js', 'export const broken = ;\n');
    const file = await cli(['review', 'src/calc.js', '--no-cache', '--json'], { cwd: repo.dir, env: home.env });
    expect(file.code).toBe(0);
    expect(requestText(fake.requests[1]!)).toContain('+export const broken = ;');
    expect(requestText(fake.requests[1]!)).not.toContain('config.js');
  });
});
