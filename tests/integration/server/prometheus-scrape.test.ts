import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, requireBinary } from '../../test-utils/src/index.js';
import {
  killAllServes,
  postJson,
  scriptedPlugin,
  serveHome,
  sleep,
  startServe,
  type ServeProcess,
} from './serve-process.js';

// A real Prometheus server scrapes `payready serve` every second; the checks go through its query API.
let prometheus: ChildProcess | undefined;
let prometheusUrl: string;
let serve: ServeProcess;
let home: ReturnType<typeof serveHome>;
let prometheusLog = '';

beforeAll(async () => {
  const binary = requireBinary('prometheus');
  home = serveHome(`plugins: {paths: [${scriptedPlugin}]}\n`);
  serve = await startServe({ env: home.env, args: ['--config', home.configFile] });
  const dir = join(home.root, 'prometheus');
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\nscrape_configs:\n  - job_name: payready\n    static_configs:\n      - targets: ['127.0.0.1:${serve.port}']\n`,
  );
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  prometheus.stderr!.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
});
afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await exited;
  }
  await serve?.stop();
  killAllServes();
  home?.cleanup();
});

/** One instant vector from Prometheus's HTTP API. */
async function query(expression: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expression)}`).catch(
    () => undefined,
  );
  if (!response?.ok) return [];
  const body = (await response.json()) as {
    status: string;
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  return body.status === 'success' ? body.data.result : [];
}

async function eventually(expression: string, accept: (value: number) => boolean): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = Number((await query(expression))[0]?.value[1] ?? Number.NaN);
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `${expression} never satisfied the check (last ${value}); prometheus log:\n${prometheusLog.slice(-2000)}`,
      );
    await sleep(250);
  }
}

describe('Prometheus scraping /metrics', () => {
  it('sees the target up, the request and ask metrics, and the process metrics', async () => {
    for (let index = 0; index < 3; index++)
      expect((await postJson(`${serve.url}/v1/ask`, { prompt: `q${index} @alpha` })).status).toBe(200);
    expect((await postJson(`${serve.url}/v1/ask`, { prompt: 'x', agent: 'nope' })).status).toBe(400);
    expect(await eventually('up{job="payready"}', (value) => value === 1)).toBe(1);
    expect(
      await eventually('sum(http_requests_total{job="payready",route="/v1/ask",status="200"})', (value) => value >= 3),
    ).toBeGreaterThanOrEqual(3);
    expect(
      await eventually('sum(http_requests_total{job="payready",route="/v1/ask",status="400"})', (value) => value >= 1),
    ).toBe(1);
    expect(
      await eventually('sum(ai_requests_total{job="payready",tool="alpha",status="success"})', (value) => value >= 3),
    ).toBeGreaterThanOrEqual(3);
    expect(await eventually('process_resident_memory_bytes{job="payready"}', (value) => value > 0)).toBeGreaterThan(0);
    expect(
      await eventually(
        'sum(http_request_duration_seconds_count{job="payready",route="/v1/ask"})',
        (value) => value >= 4,
      ),
    ).toBeGreaterThanOrEqual(4);
  });
});
