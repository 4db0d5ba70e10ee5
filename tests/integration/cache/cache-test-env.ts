import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, repoRoot, runCli, type CliRun, type TempHome } from '../../test-utils/src/index.js';

export const countingPlugin = join(repoRoot, 'tests/fixtures/plugins/counting.mjs');

export interface AskJson {
  answer: string;
  agent: string;
  cached: boolean;
  cacheLevel: 'memory' | 'redis' | 'disk' | null;
  stale: boolean;
  cachedAt: string | null;
  usage: { inputTokens: number; outputTokens: number } | null;
}

/** A temp home whose only remote agent is the counting fixture; `calls()` counts its upstream calls. */
export interface CacheHome extends TempHome {
  upstreamLog: string;
  env: Record<string, string>;
  calls(): number;
  answers(): string[];
  answersBytes(): number;
  ask(args: string[], extraEnv?: Record<string, string>): Promise<CliRun & { json: AskJson }>;
}

export function createCacheHome(env: Record<string, string> = {}): CacheHome {
  const home = createTempHome('payready-cache-it-');
  const upstreamLog = join(home.root, 'upstream.log');
  const fullEnv: Record<string, string> = {
    ...home.env,
    PAYREADY_PLUGINS__PATHS: `[${countingPlugin}]`,
    COUNTING_AGENT_LOG: upstreamLog,
    ...env,
  };
  const answersDir = join(home.cacheDir, 'answers');
  const answers = () => (existsSync(answersDir) ? readdirSync(answersDir).filter((name) => name.endsWith('.e')) : []);
  return {
    ...home,
    env: fullEnv,
    upstreamLog,
    calls: () => (existsSync(upstreamLog) ? readFileSync(upstreamLog, 'utf8').split('\n').filter(Boolean).length : 0),
    answers,
    answersBytes: () => answers().reduce((sum, name) => sum + statSync(join(answersDir, name)).size, 0),
    ask: async (args, extraEnv = {}) => {
      const run = await runCli(['ask', '--json', '--agent', 'counter', ...args], { env: { ...fullEnv, ...extraEnv } });
      if (run.code !== 0) throw new Error(`ask exited ${run.code}: ${run.stderr}`);
      return { ...run, json: JSON.parse(run.stdout) as AskJson };
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
