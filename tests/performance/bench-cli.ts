import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliBundle, createTempHome, repoRoot } from '../test-utils/src/index.js';
import { median } from './percentiles.js';

/**
 * What a cold-start benchmark spawns: a private copy of the built CLI (a rebuild elsewhere replaces
 * apps/cli/dist mid-run) and an empty home, as the environment of a user with nothing configured.
 */
export function benchCli(name: string): { bundle: string; env: BenchEnv } {
  const bundle = join(mkdtempSync(join(tmpdir(), `payready-${name}-bench-cli-`)), 'payready.cjs');
  cpSync(dirname(cliBundle), dirname(bundle), { recursive: true });
  const home = createTempHome(`payready-${name}-bench-home-`);
  return { bundle, env: { PATH: process.env.PATH, ...home.env } };
}

export type BenchEnv = Record<string, string | undefined>;

/** A command for `node`: its arguments, and variables added to the benchmark's environment. */
export interface NodeCommand {
  args: string[];
  env?: Record<string, string>;
}

/** Wall time of one `node …args` run, ms. A failing run fails the benchmark rather than being timed. */
export function timeNode(command: NodeCommand, env: BenchEnv): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, command.args, {
    cwd: repoRoot,
    env: { ...env, ...command.env },
    stdio: 'ignore',
  });
  if (run.status !== 0) throw new Error(`${command.args.join(' ')} exited ${run.status}`);
  return performance.now() - started;
}

/**
 * Cold starts, interleaved because wall time here drifts 10–25% between batches: one untimed run of each
 * command (page cache, compiled config, V8 code cache), then `rounds` rounds that run every command once in a
 * shuffled order. Returns each command's times, ms.
 */
export function interleavedRuns(
  commands: Record<string, NodeCommand>,
  env: BenchEnv,
  rounds = Number(process.env.COLD_START_ROUNDS ?? 20),
): Record<string, number[]> {
  for (const command of Object.values(commands)) timeNode(command, env);
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(commands).sort(() => Math.random() - 0.5))
      samples[name]!.push(timeNode(commands[name]!, env));
  }
  return samples;
}

/** Prints each command's median and its ratio to `node -e 0`'s, with a verdict where a budget (a ratio) is given. */
export function printRatios(samples: Record<string, number[]>, budgets: Record<string, number> = {}): void {
  const base = median(samples['node -e 0']!);
  const width = Math.max(...Object.keys(samples).map((name) => name.length)) + 2;
  for (const [name, times] of Object.entries(samples)) {
    const ratio = median(times) / base;
    const budget = budgets[name];
    console.log(
      `${name.padEnd(width)} median ${median(times).toFixed(1)} ms  ${ratio.toFixed(2)}x node -e 0` +
        (budget ? `  (budget ${budget}x: ${ratio <= budget ? 'met' : 'MISSED'})` : ''),
    );
  }
}
