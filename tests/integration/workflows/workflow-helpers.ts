import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTempHome,
  requireBinary,
  runCli,
  type CliRun,
  type RunCliOptions,
  type TempHome,
} from '../../test-utils/src/index.js';
import type { FakeUpstream, RecordedRequest } from '../../test-utils/src/http-fixture.js';

/** runCli with a longer safety net: a 500-item batch on a loaded CI machine can take a while. */
export function cli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  return runCli(args, { killAfterMs: 180_000, ...options });
}

export const OPENAI_KEY = 'sk-test-openai-key-0123456789abcdef';

/** A temp home whose only usable model is codex, pointed at a fake OpenAI server. */
export function openAIHome(
  fake: FakeUpstream,
  extra: Record<string, string> = {},
): TempHome & { env: Record<string, string> } {
  const home = createTempHome('payready-workflow-');
  return {
    ...home,
    env: {
      ...home.env,
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: fake.url,
      PAYREADY_ROUTING__BACKOFF_MS: '5',
      ...extra,
    },
  };
}

export interface GitRepo {
  dir: string;
  git(...args: string[]): string;
  /**
   * git with the given environment (hooks see it), never throwing: for commits and pushes that run hooks.
   * Asynchronous, so the fake upstream in this process can answer the hook's payready.
   */
  run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }>;
  write(path: string, content: string | Buffer, mode?: number): void;
}

/** `git init` with one commit, in a fresh directory inside `root`. */
export function createGitRepo(root: string): GitRepo {
  requireBinary('git');
  const dir = join(root, 'repo');
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' },
    });
  const write = (path: string, content: string | Buffer, mode?: number) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
    if (mode !== undefined) chmodSync(join(dir, path), mode);
  };
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'git',
        args,
        {
          cwd: dir,
          encoding: 'utf8',
          env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', ...env },
          timeout: 60_000,
        },
        (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
        },
      );
    });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  write(
    'src/calc.js',
    'export function average(values) {\n  return values.reduce((a, b) => a + b, 0) / values.length;\n}\n',
  );
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  return { dir, git, run, write };
}

/** Everything a request sent upstream, as one string: the body as JSON. */
export function requestText(request: RecordedRequest): string {
  return JSON.stringify(request.body);
}

/** The text of the messages a Responses API request carried (`input`), oldest first. */
export function inputMessages(request: RecordedRequest): Array<{ role: string; content: string }> {
  return ((request.body as { input?: unknown }).input ?? []) as Array<{ role: string; content: string }>;
}

export const findingsReply = (findings: unknown[]) => JSON.stringify({ findings });
