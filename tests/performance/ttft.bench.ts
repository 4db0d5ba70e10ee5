import { request } from 'node:http';
import { afterAll, bench, describe } from 'vitest';
import { createTempHome, runCli, startFakeOpenAI } from '../test-utils/src/index.js';
import { median } from './percentiles.js';

// Issue 3: time to first token through the CLI against the fake upstream's own first byte, as a ratio, and
// the router + executor overhead on a streamed answer (whole CLI ask minus the upstream's own time).
// Each CLI ask is a fresh process, so its TTFT includes loading the openai SDK chunk: that is what a user
// waits for. The ratio is against a raw HTTP request to the same fake, measured in the same run.
const fake = await startFakeOpenAI({ apiKey: 'sk-bench' });
fake.setHandler(() => ({
  kind: 'text',
  text: 'streamed answer in several chunks',
  chunks: ['streamed ', 'answer ', 'in ', 'several ', 'chunks'],
}));
const home = createTempHome('payready-ttft-');
const env = { ...home.env, OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fake.url, PAYREADY_CACHE__ENABLED: 'false' };

function rawFirstByte(): Promise<{ firstByteMs: number; totalMs: number }> {
  const body = JSON.stringify({ model: 'gpt-5-mini', stream: true, input: 'hi' });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const call = request(`${fake.url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
    });
    call.on('response', (response) => {
      let firstByteMs: number | undefined;
      response.on('data', () => (firstByteMs ??= performance.now() - started));
      response.on('end', () =>
        resolve({ firstByteMs: firstByteMs ?? Number.NaN, totalMs: performance.now() - started }),
      );
    });
    call.on('error', reject);
    call.end(body);
  });
}

const rounds = Number(process.env.TTFT_ROUNDS ?? 8);
const raw: number[] = [];
const cliTtft: number[] = [];
const cliTotal: number[] = [];
const rawTotal: number[] = [];
for (let round = 0; round < rounds; round++) {
  const direct = await rawFirstByte();
  raw.push(direct.firstByteMs);
  rawTotal.push(direct.totalMs);
  const run = await runCli(['ask', '--json', '--agent', 'codex', 'say something'], { env });
  if (run.code !== 0) throw new Error(`ask failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { ttftMs: number; durationMs: number };
  cliTtft.push(result.ttftMs);
  cliTotal.push(result.durationMs);
}
console.log(
  `TTFT: fake first byte p50 ${median(raw).toFixed(2)} ms; CLI ttftMs p50 ${median(cliTtft).toFixed(1)} ms ` +
    `(${(median(cliTtft) / median(raw)).toFixed(1)}x, includes loading the SDK chunk in a fresh process); ` +
    `router+executor+SDK overhead on a streamed answer p50 ${(median(cliTotal) - median(rawTotal)).toFixed(1)} ms`,
);
describe('ttft', () => {
  afterAll(async () => {
    await fake.close();
    home.cleanup();
  });
  bench('raw streamed request to the fake upstream', async () => {
    await rawFirstByte();
  });
});
