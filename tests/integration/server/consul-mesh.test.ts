import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { askResponseSchema } from '@payready/shared/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConsul, type FakeConsul } from '../../test-utils/src/index.js';
import {
  countingPlugin,
  killAllServes,
  postJson,
  scriptedPlugin,
  serveHome,
  startServe,
  type ServeProcess,
} from './serve-process.js';

// Remote agents: a front `payready serve` whose `counter` / `alpha` agents run on other `payready serve`
// instances, found in Consul (a test double: Consul is not installable here) or listed as endpoints.
let consul: FakeConsul;
const homes: Array<ReturnType<typeof serveHome>> = [];
afterAll(async () => {
  killAllServes();
  await consul?.close();
  for (const home of homes) home.cleanup();
});

function home(yaml: string) {
  const created = serveHome(yaml);
  homes.push(created);
  return created;
}

function calls(root: string): number {
  const log = join(root, 'upstream.log');
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).length : 0;
}

async function counterReplica(extra = ''): Promise<{ serve: ServeProcess; root: string }> {
  const replicaHome = home(`plugins: {paths: [${countingPlugin}]}\ncache: {enabled: false}\n${extra}`);
  const serve = await startServe({
    env: { ...replicaHome.env, COUNTING_AGENT_LOG: join(replicaHome.root, 'upstream.log') },
    args: ['--config', replicaHome.configFile],
  });
  return { serve, root: replicaHome.root };
}

beforeAll(async () => {
  consul = await startFakeConsul();
});

describe('Consul registration and discovery', () => {
  let replica: { serve: ServeProcess; root: string };

  it('registers with an HTTP check of /health that Consul finds passing', async () => {
    replica = await counterReplica(
      `server: {consul: {url: "${consul.url}", register: true, service: payready-agents, check_interval: 1s, tags: [gpu]}}\n`,
    );
    await consul.waitFor((services) => services.some((service) => service.check?.status === 'passing'));
    const [service] = consul.services();
    expect(service).toMatchObject({
      name: 'payready-agents',
      address: '127.0.0.1',
      port: replica.serve.port,
      tags: ['gpu'],
    });
    expect(service!.check!.url).toBe(`http://127.0.0.1:${replica.serve.port}/health`);
  });

  it('sends a discovered agent to the healthy instance, and deregisters on shutdown', async () => {
    const frontHome = home(
      [
        `plugins: {paths: [${countingPlugin}]}`,
        'cache: {enabled: false}',
        `server: {consul: {url: "${consul.url}"}}`,
        'agents: {counter: {discovery: consul, service: payready-agents}}',
        '',
      ].join('\n'),
    );
    const front = await startServe({
      env: { ...frontHome.env, COUNTING_AGENT_LOG: join(frontHome.root, 'upstream.log') },
      args: ['--config', frontHome.configFile],
    });
    const answer = askResponseSchema.parse(
      (await postJson(`${front.url}/v1/ask`, { prompt: 'via consul', agent: 'counter' })).json,
    );
    expect(answer).toMatchObject({
      agent: 'counter',
      answer: 'counted: via consul',
      model: 'counter-1',
      usage: { inputTokens: 7, outputTokens: 11 },
    });
    expect([calls(frontHome.root), calls(replica.root)]).toEqual([0, 1]);
    expect((await replica.serve.stop()).code).toBe(0);
    expect(consul.services()).toEqual([]);
    // The front may still hold the instance it discovered (network error, instance dropped); then Consul says none.
    const outcomes = [];
    for (let index = 0; index < 2; index++) {
      const after = await postJson(`${front.url}/v1/ask`, {
        prompt: `nobody home ${index}`,
        agent: 'counter',
        fallback: false,
        retries: 0,
      });
      outcomes.push([after.status, (after.json as { error: { kind: string } }).error.kind]);
    }
    expect(outcomes.at(-1)).toEqual([502, 'unavailable']);
    await front.stop();
  });
});

describe('static endpoints', () => {
  it('round-robins over the instances and fails over when one goes away', async () => {
    const [first, second] = [await counterReplica(), await counterReplica()];
    const frontHome = home(
      `plugins: {paths: [${countingPlugin}]}\ncache: {enabled: false}\nrouting: {backoff_ms: 5}\nagents: {counter: {endpoint: ["${first.serve.url}", "${second.serve.url}/"]}}\n`,
    );
    const front = await startServe({ env: frontHome.env, args: ['--config', frontHome.configFile] });
    for (let index = 0; index < 4; index++)
      expect((await postJson(`${front.url}/v1/ask`, { prompt: `q${index}`, agent: 'counter' })).status).toBe(200);
    expect([calls(first.root), calls(second.root)]).toEqual([2, 2]);
    await second.serve.stop();
    const answers = [];
    for (let index = 0; index < 3; index++)
      answers.push(
        askResponseSchema.parse(
          (await postJson(`${front.url}/v1/ask`, { prompt: `after ${index}`, agent: 'counter' })).json,
        ),
      );
    expect(answers.every((answer) => answer.agent === 'counter')).toBe(true);
    expect(calls(first.root)).toBe(5);
    await Promise.all([front.stop(), first.serve.stop()]);
  });

  it('keeps error kinds across the hop: a remote rate limit is retried, then the fallback chain goes on', async () => {
    const remoteHome = home(`plugins: {paths: [${scriptedPlugin}]}\nrouting: {circuit_breaker: {enabled: false}}\n`);
    const remote = await startServe({ env: remoteHome.env, args: ['--config', remoteHome.configFile] });
    const frontHome = home(
      `plugins: {paths: [${scriptedPlugin}]}\nrouting: {backoff_ms: 5, max_retries: 1, circuit_breaker: {enabled: false}}\nagents: {alpha: {endpoint: "${remote.url}", fallback: local}}\n`,
    );
    const front = await startServe({ env: frontHome.env, args: ['--config', frontHome.configFile] });
    const result = askResponseSchema.parse(
      (await postJson(`${front.url}/v1/ask`, { prompt: 'fail:rate_limit', agent: 'alpha' })).json,
    );
    expect(result.agent).toBe('local');
    expect(result.attempts.slice(0, 2).map((attempt) => [attempt.agent, attempt.errorKind])).toEqual([
      ['alpha', 'rate_limit'],
      ['alpha', 'rate_limit'],
    ]);
    const forced = askResponseSchema.parse(
      (await postJson(`${front.url}/v1/ask`, { prompt: 'hello remote', agent: 'alpha' })).json,
    );
    expect(forced).toMatchObject({ agent: 'alpha', answer: 'scripted(alpha): hello remote', model: 'alpha-1' });
    await Promise.all([front.stop(), remote.stop()]);
  });
});
