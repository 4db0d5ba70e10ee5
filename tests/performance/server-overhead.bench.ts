import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { childPids, cliBundle, freePort, repoRoot } from '../test-utils/src/index.js';
import { claimRun } from './claim-run.js';
import { median, percentile } from './percentiles.js';

// `payready serve` as a gateway hop, against the same fake upstream directly and through Portkey 1.15.2
// (perf-anchors §1, goals G1–G3), all measured in this run. Non-streaming Chat Completions from the client;
// payready's codex agent streams from the upstream (the real code path: routing, the openai SDK, metrics).
// Cache off. Budgets (issue 8): added p50 at a fixed rate ≤ 1 ms; throughput at saturation ≥ 3× Portkey's.
// payready is measured twice: one process, and `--workers auto` (one worker per CPU: how it is meant to run on
// a machine of its own). Portkey's gateway has no such mode; it runs as one process.
const SECONDS = Number(process.env.SERVER_BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.SERVER_BENCH_ROUNDS ?? 2);
const RATE = Number(process.env.SERVER_BENCH_RATE ?? 200);
const SATURATION_CONNECTIONS = 50;

interface AutocannonResult {
  requests: { average: number };
  non2xx: number;
  errors: number;
}
type Instance = PromiseLike<AutocannonResult> & {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Instance;

type Target = 'direct' | 'payready' | 'workers' | 'portkey';
const TARGETS: readonly Target[] = ['direct', 'payready', 'workers', 'portkey'];
const WORKERS = availableParallelism();
type Mode = 'fixed' | 'saturation';

const children: ChildProcess[] = [];

function start(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function waitFor(url: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (
    (await fetch(url).then(
      (response) => response.status,
      () => 0,
    )) === 0
  ) {
    if (Date.now() > until) throw new Error(`${url} did not answer within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** utime + stime of a process and its children (cluster workers), ms (from /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10 + childPids(pid).reduce((sum, child) => sum + cpuMs(child), 0);
}

async function load(
  target: { url: string; headers: Record<string, string>; body: string },
  options: { connections: number; rate?: number; seconds: number },
) {
  const samples: number[] = [];
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) samples.push(ms);
  });
  const result = await instance;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${target.url}: ${result.non2xx} non-2xx and ${result.errors} errors`);
  return { samples, rps: result.requests.average };
}

const body = (model: string) => JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello' }] });
const json = { 'content-type': 'application/json' };
type Measured = { samples: number[]; rps: number[]; cpuPerRequest: number[] };
const measured = (): Measured => ({ samples: [], rps: [], cpuPerRequest: [] });
const results = Object.fromEntries(
  TARGETS.map((target) => [target, { fixed: measured(), saturation: measured() } satisfies Record<Mode, Measured>]),
) as Record<Target, Record<Mode, Measured>>;

/** Every path must answer with the upstream's text (payready through its codex agent) before anything is timed. */
async function checkAnswers(targets: Record<Target, { url: string; headers: Record<string, string>; body: string }>) {
  for (const [name, target] of Object.entries(targets)) {
    const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
    const completion = (await response.json()) as {
      model?: string;
      choices?: Array<{ message?: { content?: string } }>;
    };
    const content = completion.choices?.[0]?.message?.content;
    if (
      content !== 'Hello! How can I help you today?' ||
      (name.startsWith('payready') && completion.model !== 'payready/codex')
    ) {
      throw new Error(
        `${name} did not answer through the fake upstream: ${response.status} ${JSON.stringify(completion)}`,
      );
    }
  }
}

async function measure(home: string): Promise<void> {
  const [upstreamPort, servePort, workersPort, portkeyPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const upstream = `http://127.0.0.1:${upstreamPort}`;
  start([join(repoRoot, 'tests/performance/bench-upstream.mjs'), String(upstreamPort)]);
  const configFile = join(home, 'serve.yaml');
  writeFileSync(
    configFile,
    [
      'agents:',
      `  codex: {base_url: "${upstream}/v1", api: chat, model: gpt-5-mini}`,
      '  claude: {enabled: false}',
      '  web: {enabled: false}',
      // No agent to fall back to: a failing codex must fail the benchmark, not be measured as `local`.
      '  local: {enabled: false}',
      'cache: {enabled: false}',
      // Rate limiting stays on (its cost is part of the hop), with a budget the load cannot exhaust.
      'server: {rate_limit: {requests_per_minute: 100000000, burst: 1000000}}',
      '',
    ].join('\n'),
  );
  const xdg = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'c'),
    XDG_CACHE_HOME: join(home, 'k'),
    XDG_STATE_HOME: join(home, 's'),
    XDG_DATA_HOME: join(home, 'd'),
  };
  const serveEnv = { ...xdg, OPENAI_API_KEY: 'sk-fake', NODE_ENV: 'production' };
  const serve = start([cliBundle, 'serve', '--port', String(servePort), '--config', configFile, '--quiet'], {
    env: serveEnv,
  });
  const workers = start(
    [cliBundle, 'serve', '--port', String(workersPort), '--workers', 'auto', '--config', configFile, '--quiet'],
    { env: serveEnv },
  );
  const portkey = start(
    ['node_modules/@portkey-ai/gateway/build/start-server.js', `--port=${portkeyPort}`, '--headless'],
    { cwd: join(repoRoot, 'tests'), env: { NODE_ENV: 'production' } },
  );
  await Promise.all([
    waitFor(`${upstream}/`),
    waitFor(`http://127.0.0.1:${servePort}/health`),
    waitFor(`http://127.0.0.1:${workersPort}/health`),
    waitFor(`http://127.0.0.1:${portkeyPort}/`),
  ]);

  const targets: Record<Target, { url: string; headers: Record<string, string>; body: string; pid?: number }> = {
    direct: {
      url: `${upstream}/v1/chat/completions`,
      headers: { ...json, authorization: 'Bearer sk-fake' },
      body: body('gpt-5-mini'),
    },
    payready: {
      url: `http://127.0.0.1:${servePort}/v1/chat/completions`,
      headers: json,
      body: body('payready/codex'),
      pid: serve.pid!,
    },
    workers: {
      url: `http://127.0.0.1:${workersPort}/v1/chat/completions`,
      headers: json,
      body: body('payready/codex'),
      pid: workers.pid!,
    },
    portkey: {
      url: `http://127.0.0.1:${portkeyPort}/v1/chat/completions`,
      headers: {
        ...json,
        authorization: 'Bearer sk-fake',
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': `${upstream}/v1`,
      },
      body: body('gpt-5-mini'),
      pid: portkey.pid!,
    },
  };
  await checkAnswers(targets);
  // JIT warm-up (perf-anchors §0: Node servers are 3× slower in their first seconds).
  for (const target of Object.values(targets)) await load(target, { connections: 10, seconds: 5 });
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...TARGETS].sort(() => Math.random() - 0.5);
    for (const name of order) {
      const target = targets[name];
      const fixed = await load(target, { connections: 1, rate: RATE, seconds: SECONDS });
      // A loop, not push(...samples): the direct target answers more samples than a call may take as arguments.
      for (const sample of fixed.samples) results[name].fixed.samples.push(sample);
      results[name].fixed.rps.push(fixed.rps);
      const cpuBefore = target.pid ? cpuMs(target.pid) : 0;
      const saturated = await load(target, { connections: SATURATION_CONNECTIONS, seconds: SECONDS });
      if (target.pid)
        results[name].saturation.cpuPerRequest.push((cpuMs(target.pid) - cpuBefore) / saturated.samples.length);
      for (const sample of saturated.samples) results[name].saturation.samples.push(sample);
      results[name].saturation.rps.push(saturated.rps);
    }
  }
}

const label = (target: Target) => (target === 'workers' ? `payready ×${WORKERS}` : target);

function report(): void {
  const p = (target: Target, mode: Mode, q: number) => percentile(results[target][mode].samples, q);
  const rps = (target: Target, mode: Mode) => median(results[target][mode].rps);
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  console.log(
    `\nserver hop (${ROUNDS} rounds × ${SECONDS} s; fixed: 1 connection at ${RATE} req/s; saturation: ${SATURATION_CONNECTIONS} connections)`,
  );
  for (const mode of ['fixed', 'saturation'] as const) {
    for (const target of TARGETS) {
      const cpu = results[target][mode].cpuPerRequest;
      console.log(
        `${mode.padEnd(10)} ${label(target).padEnd(12)} p50 ${ms(p(target, mode, 50))}  p99 ${ms(p(target, mode, 99))}  ${rps(target, mode).toFixed(0)} req/s` +
          (cpu.length > 0 ? `  CPU/request ${ms(median(cpu))}` : ''),
      );
    }
  }
  const addedP50 = p('payready', 'fixed', 50) - p('direct', 'fixed', 50);
  const addedP99 = p('payready', 'fixed', 99) - p('direct', 'fixed', 99);
  const portkeyAddedP50 = p('portkey', 'fixed', 50) - p('direct', 'fixed', 50);
  const versusPortkey = (target: Target) => rps(target, 'saturation') / rps('portkey', 'saturation');
  console.log(
    `added latency at a fixed rate: payready p50 +${ms(addedP50)} (budget ≤ 1 ms: ${addedP50 <= 1 ? 'met' : 'MISSED'}), p99 +${ms(addedP99)}; Portkey p50 +${ms(portkeyAddedP50)}`,
  );
  console.log(
    `added latency at saturation: payready p50 +${ms(p('payready', 'saturation', 50) - p('direct', 'saturation', 50))}, p99 +${ms(p('payready', 'saturation', 99) - p('direct', 'saturation', 99))}`,
  );
  for (const target of ['payready', 'workers'] as const) {
    const ratio = versusPortkey(target);
    console.log(
      `throughput at saturation: ${label(target)} ${(rps(target, 'saturation') / rps('direct', 'saturation')).toFixed(2)}× direct, ${ratio.toFixed(2)}× Portkey (budget ≥ 3×: ${ratio >= 3 ? 'met' : 'MISSED'})`,
    );
  }
}

if (claimRun('server-overhead')) {
  const home = mkdtempSync(join(tmpdir(), 'payready-server-bench-'));
  try {
    await measure(home);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
  report();
} else {
  console.log('server hop: measured once per run, by the first project');
}

describe('server hop', () => {
  bench('report printed above', () => undefined, { iterations: 1, time: 0 });
});
