import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childPids, freePort, runCli } from '../../test-utils/src/index.js';
import { countingPlugin, killAllServes, serveHome, startServe, until, type ServeProcess } from './serve-process.js';

afterAll(() => killAllServes());

/**
 * One request on a connection of its own: the cluster hands each new connection to the next worker, where a
 * keep-alive connection would stay with one.
 */
function onNewConnection(
  url: string,
  options: { method?: string; body?: unknown } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const sent = request(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, text }));
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

/** Pids of running processes whose command line contains `text`. */
function processesWith(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text);
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

/** The primary announces `listening` once every worker listens; /health answers as soon as the first does. */
async function allListening(serve: ServeProcess): Promise<number[]> {
  await until(() => serve.logs().includes('"msg":"listening"'), 'every worker to listen');
  return childPids(serve.child.pid!);
}

/** Pids of the processes that ran the counting agent, one per call, from its log. */
function agentPids(log: string): number[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => Number(line.split(' ')[0]));
}

function sample(metrics: string, line: string): number | undefined {
  const found = metrics.split('\n').find((each) => each.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('payready serve --workers', () => {
  it.each([
    ['without Redis', false],
    // RedisTokenBucket falls back to the primary's buckets, not per-worker ones.
    ['while the configured Redis is down', true],
  ])(
    'spreads connections over the workers, which spend one rate-limit budget and answer one /metrics, %s',
    async (_when, redisDown) => {
      const redis: Record<string, string> = redisDown ? { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } : {};
      const home = serveHome(
        `plugins: {paths: [${countingPlugin}]}\ncache: {enabled: false}\nserver: {rate_limit: {requests_per_minute: 1, burst: 4}}\n`,
      );
      const log = join(home.root, 'agent.log');
      try {
        const serve = await startServe({
          env: { ...home.env, ...redis, COUNTING_AGENT_LOG: log },
          args: ['--config', home.configFile, '--workers', '2'],
        });
        const workers = await allListening(serve);
        expect(workers).toHaveLength(2);
        const answers = [];
        for (let n = 1; n <= 6; n++) {
          answers.push(
            await onNewConnection(`${serve.url}/v1/ask`, {
              method: 'POST',
              body: { prompt: `q${n}`, agent: 'counter' },
            }),
          );
        }
        // Per-worker buckets would have let all six through (three per worker, four tokens each).
        expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 429, 429]);
        expect(answers[4]!.headers['retry-after']).toBeDefined();
        expect(new Set(agentPids(log))).toEqual(new Set(workers));

        // Two scrapes, on two connections, so two workers: each reports what all of them served.
        for (let scrape = 0; scrape < 2; scrape++) {
          const metrics = (await onNewConnection(`${serve.url}/metrics`)).text;
          expect(sample(metrics, 'http_requests_total{method="POST",route="/v1/ask",status="200"}')).toBe(4);
          expect(sample(metrics, 'http_requests_total{method="POST",route="/v1/ask",status="429"}')).toBe(2);
          expect(sample(metrics, 'payready_rate_limited_total{token="anonymous"}')).toBe(2);
        }
        expect(serve.logs().match(/"msg":"listening"/g)).toHaveLength(1);
        expect(serve.logs()).toContain(`"url":"${serve.url}","workers":2`);
        await serve.stop();
      } finally {
        home.cleanup();
      }
    },
  );

  it('applies a config change in every worker', async () => {
    const yaml = (limit: string) =>
      `plugins: {paths: [${countingPlugin}]}\ncache: {enabled: false}\nserver: {rate_limit: ${limit}}\n`;
    const home = serveHome(yaml('{requests_per_minute: 1, burst: 1}'));
    const log = join(home.root, 'agent.log');
    try {
      const serve = await startServe({
        env: { ...home.env, COUNTING_AGENT_LOG: log },
        args: ['--config', home.configFile, '--workers', '2'],
      });
      const workers = await allListening(serve);
      const ask = (n: number) =>
        onNewConnection(`${serve.url}/v1/ask`, { method: 'POST', body: { prompt: `q${n}`, agent: 'counter' } });
      expect([(await ask(1)).status, (await ask(2)).status]).toEqual([200, 429]);
      home.write(yaml('{enabled: false}'));
      await until(() => serve.logs().match(/"msg":"config reloaded"/g)?.length === 2, 'both workers to reload');
      const statuses = [];
      for (let n = 3; n <= 6; n++) statuses.push((await ask(n)).status);
      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(new Set(agentPids(log))).toEqual(new Set(workers));
      await serve.stop();
    } finally {
      home.cleanup();
    }
  });

  it('replaces a worker that dies, and drains every worker on SIGTERM: requests in flight finish, exit 0', async () => {
    const home = serveHome(
      `plugins: {paths: [${countingPlugin}]}\ncache: {enabled: false}\nserver: {shutdown_grace: 20s}\n`,
    );
    const log = join(home.root, 'agent.log');
    try {
      const serve = await startServe({
        env: { ...home.env, COUNTING_AGENT_LOG: log },
        args: ['--config', home.configFile, '--workers', '2'],
      });
      const primary = serve.child.pid!;
      const [first, second] = await allListening(serve);
      process.kill(first!, 'SIGKILL');
      await until(() => {
        if (serve.child.exitCode !== null) throw new Error(`the primary exited: ${serve.logs()}`);
        const now = childPids(primary);
        return now.length === 2 && !now.includes(first!);
      }, 'a new worker');
      const replaced = childPids(primary);
      expect(replaced).toContain(second);
      expect(serve.logs()).toContain('worker exited; starting another');
      const newcomer = replaced.find((pid) => pid !== second)!;
      await until(
        () => serve.logs().includes(`"worker":${newcomer},"msg":"worker replaced"`),
        'the new worker to listen',
      );

      const inFlight = [1, 2].map((n) =>
        onNewConnection(`${serve.url}/v1/ask`, {
          method: 'POST',
          body: { prompt: `slow:1500 ${n}`, agent: 'counter' },
        }),
      );
      await until(() => agentPids(log).length === 2, 'both requests at the agent');
      expect(new Set(agentPids(log))).toEqual(new Set(replaced));
      serve.child.kill('SIGTERM');
      const answers = await Promise.all(inFlight);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(await serve.exited).toEqual({ code: 0, signal: null });
      expect(replaced.filter((pid) => !gone(pid))).toEqual([]);
    } finally {
      home.cleanup();
    }
  });

  it('stops every worker when the primary is killed: nothing is left serving without it', async () => {
    const home = serveHome('cache: {enabled: false}\n');
    try {
      const serve = await startServe({ env: home.env, args: ['--config', home.configFile, '--workers', '2'] });
      const workers = await allListening(serve);
      serve.child.kill('SIGKILL');
      await until(() => workers.every(gone), 'the workers to exit');
    } finally {
      home.cleanup();
    }
  });

  it('stops with the exit code of a worker that cannot start, leaving no worker behind', async () => {
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    const home = serveHome('cache: {enabled: false}\n');
    try {
      const run = await runCli(['serve', '--port', String(port), '--workers', '2', '--config', home.configFile], {
        env: home.env,
      });
      expect(run.code).not.toBe(0);
      expect(run.stderr + run.stdout).toContain('EADDRINUSE');
      expect(processesWith(`serve --port ${port} `)).toEqual([]);
    } finally {
      taken.close();
      home.cleanup();
    }
  });

  it.each([['0'], ['-1'], ['two'], ['257']])('rejects --workers %s as a usage error (exit 2)', async (value) => {
    const run = await runCli(['serve', '--port', '0', '--workers', value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--workers must be auto or a whole number from 1 to 256, got "${value}"`);
  });

  it('reports an invalid config with file:line from the primary, before any worker starts (exit 2)', async () => {
    const home = serveHome('server:\n  port: "eighty"\n');
    try {
      const run = await runCli(['serve', '--workers', '2', '--config', home.configFile], { env: home.env });
      expect(run.code).toBe(2);
      // Once: from the primary. Workers would each have reported it.
      expect(run.stderr.split(`${home.configFile}:2`)).toHaveLength(2);
    } finally {
      home.cleanup();
    }
  });
});
