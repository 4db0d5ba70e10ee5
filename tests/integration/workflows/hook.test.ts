import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TempHome } from '../../test-utils/src/index.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test-utils/src/fake-openai.js';
import {
  cli,
  createGitRepo,
  findingsReply,
  OPENAI_KEY,
  openAIHome,
  requestText,
  type GitRepo,
} from './workflow-helpers.js';

// `payready hook install|uninstall` and what git does with the hook: real `git commit` / `git push`, the
// built CLI inside the hook, a fake OpenAI server as the reviewer.

const USER_HOOK =
  '#!/bin/sh\n# my own checks\necho "user hook ran with $# args" >> "$(git rev-parse --show-toplevel)/user-hook.log"\nexit 0\n';
const LOW = [{ severity: 'low', file: 'src/calc.js', line: 2, message: 'style' }];
const HIGH = [{ severity: 'high', file: 'src/calc.js', line: 2, message: 'Division by zero' }];

let fake: FakeOpenAI;
let home: TempHome & { env: Record<string, string> };
let repo: GitRepo;
let hooks: string;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: OPENAI_KEY });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.setHandler(() => ({ kind: 'text', text: findingsReply(LOW) }));
  home = openAIHome(fake);
  repo = createGitRepo(home.root);
  hooks = join(repo.dir, '.git', 'hooks');
  repo.write(
    'src/calc.js',
    'export function average(values) {\n  return values.reduce((a, b) => a + b) / values.length;\n}\n',
  );
  repo.git('add', '.');
});
afterEach(() => home.cleanup());

const payready = (args: string[]) => cli(args, { cwd: repo.dir, env: home.env });
const commit = (env: Record<string, string> = home.env) => repo.run(['commit', '-m', 'change'], env);
const commits = () => Number(repo.git('rev-list', '--count', 'HEAD').trim());

describe('payready hook', () => {
  it('chains an existing user hook: both run, and uninstall restores it byte for byte', async () => {
    repo.write('.git/hooks/pre-commit', USER_HOOK, 0o750);
    const before = readFileSync(join(hooks, 'pre-commit'));
    const install = await payready(['hook', 'install', '--fail-on', 'high']);
    expect(install.code).toBe(0);
    expect(install.stderr).toContain('kept as pre-commit.payready-chained');
    expect(readFileSync(join(hooks, 'pre-commit.payready-chained'))).toEqual(before);
    // Installing again updates payready's hook and leaves the chained one alone (never chains itself).
    expect((await payready(['hook', 'install', '--fail-on', 'high', '--deadline', '30s'])).code).toBe(0);
    expect(readFileSync(join(hooks, 'pre-commit.payready-chained'))).toEqual(before);
    expect(readFileSync(join(hooks, 'pre-commit'), 'utf8')).toContain("--deadline '30s'");

    const committed = await commit();
    expect(committed.code).toBe(0);
    expect(commits()).toBe(2);
    expect(readFileSync(join(repo.dir, 'user-hook.log'), 'utf8')).toBe('user hook ran with 0 args\n');
    expect(fake.requests).toHaveLength(1);
    expect(requestText(fake.requests[0]!)).toContain('values.reduce((a, b) => a + b) / values.length');

    const uninstall = await payready(['hook', 'uninstall']);
    expect(uninstall.code).toBe(0);
    expect(uninstall.stderr).toContain('restored your pre-commit hook');
    expect(readFileSync(join(hooks, 'pre-commit'))).toEqual(before);
    expect(statSync(join(hooks, 'pre-commit')).mode & 0o777).toBe(0o750);
    expect(existsSync(join(hooks, 'pre-commit.payready-chained'))).toBe(false);
    // Uninstalling again touches nothing.
    expect((await payready(['hook', 'uninstall', '--pre-commit'])).stderr).toContain('nothing to do');
    expect(readFileSync(join(hooks, 'pre-commit'))).toEqual(before);
  });

  it('blocks a commit with findings at or above --fail-on, and a failing user hook still blocks it', async () => {
    fake.setHandler(() => ({ kind: 'text', text: findingsReply(HIGH) }));
    await payready(['hook', 'install', '--fail-on', 'high']);
    const blocked = await commit();
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain('blocked by review findings at or above high');
    expect(blocked.stdout + blocked.stderr).toContain('Division by zero');
    expect(commits()).toBe(1);
    expect((await commit({ ...home.env, PAYREADY_SKIP_REVIEW: '1' })).code).toBe(0);

    await payready(['hook', 'uninstall']);
    repo.write('.git/hooks/pre-commit', '#!/bin/sh\necho "user hook says no" >&2\nexit 1\n', 0o755);
    await payready(['hook', 'install']);
    repo.write('src/other.js', 'export const x = 1;\n');
    repo.git('add', '.');
    const refused = await commit();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('user hook says no');
  });

  it('lets the commit through after the deadline when the upstream hangs', async () => {
    fake.setHandler(() => ({ kind: 'hang' }));
    await payready(['hook', 'install', '--deadline', '2s', '--fail-on', 'low']);
    const committed = await commit();
    expect(committed.stderr).toContain('deadline of 2000 ms exceeded; skipped (--on-timeout=skip)');
    expect(committed.code).toBe(0);
    expect(commits()).toBe(2);
    expect(fake.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('lets the commit through with a note when no agent is reachable (exit 3)', async () => {
    await payready(['hook', 'install', '--fail-on', 'info']);
    const committed = await commit({ ...home.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' });
    expect(committed.code).toBe(0);
    expect(committed.stderr).toContain('no agent is reachable (exit 3); change not reviewed');
    expect(commits()).toBe(2);
    expect(fake.requests).toHaveLength(0);
  });

  it('installs into core.hooksPath, from a subdirectory too', async () => {
    repo.git('config', 'core.hooksPath', '.githooks');
    const install = await cli(['hook', 'install', '--fail-on', 'high'], { cwd: join(repo.dir, 'src'), env: home.env });
    expect(install.code).toBe(0);
    expect(existsSync(join(repo.dir, '.githooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(repo.dir, 'src', '.githooks'))).toBe(false);
    expect((await commit()).code).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });

  it('pre-push reviews the pushed commits and passes the refs on to a chained hook', async () => {
    const remote = join(home.root, 'remote.git');
    await repo.run(['init', '-q', '--bare', remote], home.env);
    repo.git('commit', '-q', '-m', 'change');
    repo.git('remote', 'add', 'origin', remote);
    repo.git('push', '-q', 'origin', 'main');
    repo.write('.git/hooks/pre-push', '#!/bin/sh\ncat > "$(git rev-parse --show-toplevel)/pushed-refs.log"\n', 0o755);
    await payready(['hook', 'install', '--pre-push', '--fail-on', 'high']);
    repo.write('src/calc.js', 'export const broken = true;\n');
    repo.git('commit', '-q', '-am', 'second');
    fake.setHandler(() => ({ kind: 'text', text: findingsReply(HIGH) }));
    const pushed = await repo.run(['push', '-q', 'origin', 'main'], home.env);
    expect(pushed.code).not.toBe(0);
    expect(pushed.stderr).toContain('blocked by review findings');
    expect(readFileSync(join(repo.dir, 'pushed-refs.log'), 'utf8')).toMatch(
      /^refs\/heads\/main [0-9a-f]{40} refs\/heads\/main [0-9a-f]{40}\n$/,
    );
    const sent = requestText(fake.requests[0]!);
    expect(sent).toContain('+export const broken = true;');
    expect(sent).toContain('commits ');
    // Same commits, same answer from the cache: a second push is blocked the same way without asking again.
    expect((await repo.run(['push', '-q', 'origin', 'main'], home.env)).code).not.toBe(0);
    expect(fake.requests).toHaveLength(1);
    fake.setHandler(() => ({ kind: 'text', text: findingsReply(LOW) }));
    const again = await repo.run(['push', '-q', 'origin', 'main'], { ...home.env, PAYREADY_CACHE__ENABLED: 'false' });
    expect(again.stderr).toContain('1 finding: 1 low');
    expect(again.code).toBe(0);
    await payready(['hook', 'uninstall', '--pre-push']);
    expect(readFileSync(join(hooks, 'pre-push'), 'utf8')).toContain('pushed-refs.log');
  });
});
