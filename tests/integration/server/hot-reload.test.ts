import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killAllServes,
  postJson,
  scriptedPlugin,
  serveHome,
  sleep,
  startServe,
  type ServeProcess,
} from './serve-process.js';

let serve: ServeProcess;
let home: ReturnType<typeof serveHome>;

const config = (lines: string[]) => [`plugins: {paths: [${scriptedPlugin}]}`, ...lines, ''].join('\n');

beforeAll(async () => {
  home = serveHome(config(['routing: {confidence_threshold: 0.95}']));
  serve = await startServe({ env: home.env, args: ['--config', home.configFile] });
});
afterAll(async () => {
  await serve?.stop();
  killAllServes();
  home.cleanup();
});

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`never reached the expected state; last: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

const routed = async () =>
  ((await postJson(`${serve.url}/v1/route`, { prompt: 'hi @alpha' })).json as { agent: string }).agent;

describe('config changes apply without a restart', () => {
  it('routing threshold', async () => {
    expect(await routed()).toBe('local');
    home.write(config(['routing: {confidence_threshold: 0.5}']));
    await eventually(routed, (agent) => agent === 'alpha');
  });

  it('agents enabled', async () => {
    home.write(config(['routing: {confidence_threshold: 0.5}', 'agents: {beta: {enabled: false}}']));
    const models = await eventually(
      async () =>
        ((await (await fetch(`${serve.url}/v1/models`)).json()) as { data: Array<{ id: string }> }).data.map(
          (model) => model.id,
        ),
      (ids) => !ids.includes('payready/beta'),
    );
    expect(models).toContain('payready/alpha');
  });

  it('rate limits', async () => {
    home.write(
      config([
        'routing: {confidence_threshold: 0.5}',
        'agents: {beta: {enabled: false}}',
        'server: {rate_limit: {burst: 1, requests_per_minute: 1}}',
      ]),
    );
    await eventually(
      async () => (await postJson(`${serve.url}/v1/route`, { prompt: 'x' })).status,
      (status) => status === 429,
    );
  });

  it('an invalid change is logged and the previous config stays', async () => {
    home.write(config(['routing: {confidence_threshold: 7}']));
    await eventually(
      async () => serve.logs(),
      (logs) => logs.includes('config change rejected'),
    );
    const line = serve
      .logs()
      .split('\n')
      .find((entry) => entry.includes('config change rejected'))!;
    expect(JSON.parse(line)).toMatchObject({
      level: 50,
      error: expect.stringMatching(/routing\.confidence_threshold: out of range/),
    });
    // Still the last good config: the 1-per-minute budget is spent, so /v1 keeps answering 429.
    expect((await postJson(`${serve.url}/v1/route`, { prompt: 'x' })).status).toBe(429);
    expect((await fetch(`${serve.url}/ready`)).status).toBe(200);
    home.write(config(['routing: {confidence_threshold: 0.5}']));
    await eventually(routed, (agent) => agent === 'alpha');
  });
});
