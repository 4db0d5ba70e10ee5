import { bench, describe } from 'vitest';
import { startFakeOpenAI } from '../test-utils/src/fake-openai.js';
import { createTempHome } from '../test-utils/src/temp-home.js';
import { cli } from '../integration/workflows/workflow-helpers.js';
import { median } from './percentiles.js';

// `payready ask --batch` throughput against a fake OpenAI server that answers every request after 50 ms:
// items per second at concurrency 1, 8 and 32 as a ratio to the ideal, concurrency / latency (20, 160 and
// 640 items/s). Each run sends 20 rounds' worth of items (concurrency x 20), so the ideal run takes 1 s; the
// process start (an empty batch, measured in the same run) is subtracted. Cache off: every item goes upstream.
const LATENCY_MS = 50;
const ROUNDS = 20;
const REPEATS = Number(process.env.BATCH_BENCH_REPEATS ?? 3);

const fake = await startFakeOpenAI();
// Requests inside the 50 ms wait at once: the CLI's real concurrency (open connections lag behind it).
let waiting = 0;
let maxWaiting = 0;
fake.setHandler(async () => {
  maxWaiting = Math.max(maxWaiting, ++waiting);
  await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
  waiting -= 1;
  return { kind: 'text', text: 'ok' };
});
const home = createTempHome('payready-batch-bench-');
const env = {
  ...home.env,
  OPENAI_API_KEY: 'sk-bench',
  OPENAI_BASE_URL: fake.url,
};
const input = (count: number) =>
  Array.from({ length: count }, (_, index) => `{"id":${index},"query":"item ${index} ${Math.random()}"}\n`).join('');

async function runBatch(concurrency: number, count: number): Promise<number> {
  const started = performance.now();
  const run = await cli(['ask', '--batch', '--agent', 'codex', '--no-cache', '--concurrency', String(concurrency)], {
    env,
    input: input(count),
    cwd: home.root,
  });
  const ms = performance.now() - started;
  if (run.code !== 0) throw new Error(`batch exited ${run.code}: ${run.stderr.slice(0, 500)}`);
  return ms;
}

const startups: number[] = [];
for (let run = 0; run < 3; run++) startups.push(await runBatch(1, 0));
const startup = median(startups);
const rows: string[] = [];
for (const concurrency of [1, 8, 32]) {
  const count = concurrency * ROUNDS;
  const times: number[] = [];
  maxWaiting = 0;
  for (let repeat = 0; repeat < REPEATS; repeat++) times.push(await runBatch(concurrency, count));
  const seconds = Math.max(1e-3, (median(times) - startup) / 1000);
  const rate = count / seconds;
  const ideal = concurrency / (LATENCY_MS / 1000);
  rows.push(
    `concurrency ${String(concurrency).padStart(2)}: ${count} items, ${rate.toFixed(1)} items/s, ideal ${ideal} items/s, ratio ${(rate / ideal).toFixed(2)}; max in flight ${maxWaiting}`,
  );
}
console.log(
  `ask --batch vs a ${LATENCY_MS} ms upstream (process start ${startup.toFixed(0)} ms subtracted, median of ${REPEATS}):\n  ${rows.join('\n  ')}`,
);

describe('ask --batch throughput', () => {
  bench('40 items at concurrency 8 (50 ms upstream)', async () => void (await runBatch(8, 40)), {
    iterations: 3,
    time: 0,
    warmupIterations: 0,
  });
  bench('baseline: an empty batch (process start)', async () => void (await runBatch(8, 0)), {
    iterations: 3,
    time: 0,
    warmupIterations: 0,
  });
});

process.once('beforeExit', () => {
  void fake.close();
  home.cleanup();
});
