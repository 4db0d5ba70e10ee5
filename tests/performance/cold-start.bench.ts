import { bench, describe } from 'vitest';
import { benchCli, interleavedRuns, printRatios, timeNode, type NodeCommand } from './bench-cli.js';

// Cold start of the built CLI as a ratio to `node -e 0` measured in the same run, interleaved (bench-cli.ts).
// Budgets (issue 2): --version and --help ≤ 1.5x, route ≤ 2.5x.
const { bundle, env } = benchCli('cold-start');
const commands: Record<string, NodeCommand> = {
  'node -e 0': { args: ['-e', '0'] },
  'payready --version': { args: [bundle, '--version'] },
  'payready --help': { args: [bundle, '--help'] },
  'payready route': { args: [bundle, 'route', 'write a python function that reverses a list'] },
};
printRatios(interleavedRuns(commands, env), {
  'payready --version': 1.5,
  'payready --help': 1.5,
  'payready route': 2.5,
});

describe('cold start', () => {
  for (const [name, command] of Object.entries(commands)) {
    bench(name, () => void timeNode(command, env), { iterations: 5, time: 0 });
  }
});
