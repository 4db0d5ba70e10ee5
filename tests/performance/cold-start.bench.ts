import { spawnSync } from 'node:child_process';
import { bench, describe } from 'vitest';
import { repoRoot } from '../test-utils/src/index.js';
import { benchCli } from './bench-cli.js';
import { median } from './percentiles.js';

// Cold start of the built CLI as a ratio to `node -e 0` measured in the same run, interleaved (each round
// runs every command once, in a shuffled order) because wall time here drifts 10–25% between batches.
// Budgets (issue 2): --version and --help ≤ 1.5x, route ≤ 2.5x.
const { bundle, env } = benchCli('cold-start');
const commands: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'payready --version': [bundle, '--version'],
  'payready --help': [bundle, '--help'],
  'payready route': [bundle, 'route', 'write a python function that reverses a list'],
};
const budgets: Record<string, number> = { 'payready --version': 1.5, 'payready --help': 1.5, 'payready route': 2.5 };

function timeOnce(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: repoRoot, env, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}`);
  return performance.now() - started;
}

const rounds = Number(process.env.COLD_START_ROUNDS ?? 20);
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (const name of Object.keys(commands)) timeOnce(commands[name]!); // warm the page cache and compiled-config cache
for (let round = 0; round < rounds; round++) {
  const order = Object.keys(commands).sort(() => Math.random() - 0.5);
  for (const name of order) samples[name]!.push(timeOnce(commands[name]!));
}
const base = median(samples['node -e 0']!);
for (const [name, times] of Object.entries(samples)) {
  const ratio = median(times) / base;
  const budget = budgets[name];
  console.log(
    `${name.padEnd(20)} median ${median(times).toFixed(1)} ms  ${ratio.toFixed(2)}x node -e 0` +
      (budget ? `  (budget ${budget}x: ${ratio <= budget ? 'met' : 'MISSED'})` : ''),
  );
}

describe('cold start', () => {
  for (const [name, args] of Object.entries(commands)) {
    bench(name, () => void timeOnce(args), { iterations: 5, time: 0 });
  }
});
