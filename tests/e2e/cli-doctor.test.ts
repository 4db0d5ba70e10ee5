import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTempHome,
  freePort,
  runCli,
  startFakeAnthropic,
  startFakeOpenAI,
  startFakeSearxng,
  startHttpFixture,
  startRedis,
  type FakeAnthropic,
  type FakeOpenAI,
  type FakeServer,
  type HttpFixture,
  type RedisServer,
  type TempHome,
} from '../test-utils/src/index.js';

// `payready doctor` spawned as a user runs it, against local fakes of Anthropic, OpenAI and SearXNG.

const ANTHROPIC_KEY = 'sk-ant-doctor-e2e-secret-0123456789';
const OPENAI_KEY = 'sk-proj-doctor-e2e-secret-0123456789';

interface DoctorJson {
  ok: boolean;
  agents: Array<{
    name: string;
    enabled: boolean;
    usable: boolean;
    key: { found: boolean; source: string | null; names: string[] } | null;
    reachable: boolean | null;
    model: string | null;
    modelKnown: boolean | null;
    reason: string | null;
    fix: string | null;
  }>;
  redis: { ok: boolean; target: string; reason?: string } | null;
  tracing: { ok: boolean; target: string; reason?: string } | null;
}

let home: TempHome;
let anthropic: FakeAnthropic;
let openai: FakeOpenAI;
let searxng: FakeServer;
let env: Record<string, string>;

beforeAll(async () => {
  home = createTempHome();
  [anthropic, openai, searxng] = await Promise.all([
    startFakeAnthropic({ apiKey: ANTHROPIC_KEY }),
    startFakeOpenAI({ apiKey: OPENAI_KEY }),
    startFakeSearxng({ results: [] }),
  ]);
  env = {
    ...home.env,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: openai.url,
    SEARXNG_URL: searxng.url,
  };
});
afterAll(async () => {
  await Promise.all([anthropic.close(), openai.close(), searxng.close()]);
  home.cleanup();
});

// The 2 s default bounds a check on a quiet machine; a loaded test runner must not turn "up" into "down".
async function doctor(extra: Record<string, string | undefined> = {}, args: string[] = ['--json']) {
  const run = await runCli(['doctor', '--timeout', '20s', ...args], { env: { ...env, ...extra } });
  return { run, report: args.includes('--json') ? (JSON.parse(run.stdout) as DoctorJson) : undefined };
}

function agent(report: DoctorJson | undefined, name: string) {
  const found = report?.agents.find((entry) => entry.name === name);
  if (!found) throw new Error(`no agent ${name} in the report`);
  return found;
}

/** A base URL on 127.0.0.1 where nothing listens. */
async function closedUrl(path = ''): Promise<string> {
  return `http://127.0.0.1:${await freePort()}${path}`;
}

describe('payready doctor (built CLI)', () => {
  it('exits 0 with everything up; lists where keys came from, never the keys', async () => {
    const { run, report } = await doctor();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(report?.ok).toBe(true);
    expect(agent(report, 'claude')).toMatchObject({
      usable: true,
      key: { found: true, source: 'env:ANTHROPIC_API_KEY' },
      reachable: true,
      model: 'claude-sonnet-5-5',
      modelKnown: true,
    });
    expect(agent(report, 'codex')).toMatchObject({
      usable: true,
      key: { found: true, source: 'env:OPENAI_API_KEY' },
      reachable: true,
      modelKnown: true,
    });
    expect(agent(report, 'web')).toMatchObject({ usable: true, reachable: true });
    expect(agent(report, 'agno')).toMatchObject({ enabled: false, usable: false });
    expect(report).toMatchObject({ redis: null, tracing: null });
    for (const key of [ANTHROPIC_KEY, OPENAI_KEY]) expect(run.stdout + run.stderr).not.toContain(key);
  });

  it('prints a table with ok/FAIL words when stdout is not a terminal', async () => {
    const { run } = await doctor({}, []);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^agent +enabled +key +reachable +model +listed +status/);
    expect(run.stdout).toMatch(/^claude +yes +env:ANTHROPIC_API_KEY +ok +claude-sonnet-5-5 +ok +ok$/m);
    expect(run.stdout).toMatch(/^agno +no .* disabled$/m);
    expect(run.stdout).toContain('ok: every enabled agent is usable');
    expect(run.stdout).not.toMatch(/[✓✗]/);
    for (const key of [ANTHROPIC_KEY, OPENAI_KEY]) expect(run.stdout + run.stderr).not.toContain(key);
  });

  it('exits 1 with the reason when an upstream is down', async () => {
    const { run, report } = await doctor({ ANTHROPIC_BASE_URL: await closedUrl() });
    expect(run.code).toBe(1);
    expect(report?.ok).toBe(false);
    const claude = agent(report, 'claude');
    expect(claude).toMatchObject({ usable: false, reachable: false, key: { source: 'env:ANTHROPIC_API_KEY' } });
    expect(claude.reason).toMatch(/anthropic connection failed/);
    expect(claude.fix).toContain('ANTHROPIC_BASE_URL');
    expect(agent(report, 'codex').usable).toBe(true);

    const text = await doctor({ ANTHROPIC_BASE_URL: await closedUrl() }, []);
    expect(text.run.code).toBe(1);
    expect(text.run.stdout).toMatch(/^claude +yes +env:ANTHROPIC_API_KEY +FAIL .* FAIL$/m);
    expect(text.run.stdout).toMatch(/^claude: anthropic connection failed/m);
    expect(text.run.stdout).toContain('FAIL: 1 of 4 enabled agents not usable');
  });

  it('exits 1 with fixes when no keys are set', async () => {
    const { run, report } = await doctor({ ANTHROPIC_API_KEY: undefined, OPENAI_API_KEY: undefined });
    expect(run.code).toBe(1);
    expect(agent(report, 'claude')).toMatchObject({
      usable: false,
      key: { found: false, source: null, names: ['ANTHROPIC_API_KEY'] },
      reason: 'ANTHROPIC_API_KEY is not set',
    });
    expect(agent(report, 'claude').fix).toContain('payready keys set anthropic');
    expect(agent(report, 'codex')).toMatchObject({ usable: false, key: { found: false, names: ['OPENAI_API_KEY'] } });
    expect(agent(report, 'codex').fix).toContain('payready keys set openai');
  });

  it('reports a configured model the server does not list', async () => {
    const { run, report } = await doctor({ PAYREADY_AGENTS__CLAUDE__MODEL: 'claude-nonexistent-9' });
    expect(run.code).toBe(1);
    expect(agent(report, 'claude')).toMatchObject({
      usable: false,
      reachable: true,
      model: 'claude-nonexistent-9',
      modelKnown: false,
      reason: 'model "claude-nonexistent-9" is not in the server\'s model list',
    });
    expect(agent(report, 'claude').fix).toContain('claude-sonnet-5-5');
  });

  it('reports a rejected key as such, without the key', async () => {
    const wrong = 'sk-ant-doctor-e2e-wrong-key-987654';
    const { run, report } = await doctor({ ANTHROPIC_API_KEY: wrong });
    expect(run.code).toBe(1);
    expect(agent(report, 'claude')).toMatchObject({ reason: 'key rejected (401)', reachable: true });
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  it('exits 2 on a --timeout that is not a duration', async () => {
    const run = await runCli(['doctor', '--timeout', 'soon'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--timeout "soon" is not a duration');
  });

  describe('Redis and tracing', () => {
    let redis: RedisServer;
    let collector: HttpFixture;
    beforeAll(async () => {
      redis = await startRedis();
      // An OTLP/HTTP collector answers a GET on /v1/traces with 405: any answer is reachable.
      collector = await startHttpFixture((_request, res) => {
        res.writeHead(405);
        res.end();
      });
    });
    afterAll(async () => {
      await Promise.all([redis.stop(), collector.close()]);
    });

    it('checks both when configured; their trouble is reported without changing the exit code', async () => {
      const up = await doctor({
        REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${redis.port}`,
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      });
      expect(up.run.code, up.run.stdout + up.run.stderr).toBe(0);
      expect(up.report?.redis).toMatchObject({ ok: true, target: `127.0.0.1:${redis.port}` });
      expect(up.report?.tracing).toMatchObject({ ok: true, target: `${collector.url}/v1/traces` });
      expect(collector.requests.map((request) => request.path)).toEqual(['/v1/traces']);
      expect(up.run.stdout + up.run.stderr).not.toContain('hunter2-secret');

      const down = await doctor(
        {
          REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_ENDPOINT: await closedUrl(),
        },
        [],
      );
      expect(down.run.code, down.run.stdout + down.run.stderr).toBe(0);
      expect(down.run.stdout).toMatch(/^redis +127\.0\.0\.1:\d+ +FAIL/m);
      expect(down.run.stdout).toMatch(/^tracing +http:\/\/127\.0\.0\.1:\d+\/v1\/traces +FAIL/m);
      expect(down.run.stdout).toMatch(/^redis: 127\.0\.0\.1:\d+: .*ECONNREFUSED/m);
    });
  });
});
