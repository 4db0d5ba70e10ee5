import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliRun, HttpFixture } from '../../test-utils/src/index.js';
import { credentialsOf } from './echo-upstream.js';
import { startLeakHarness, type Agent, type LeakHarness, type LeakScenario, type Modes } from './leak-harness.js';
import { collectFiles, describeHits, findLeaks, leakForms, randomKeys, type LeakSource } from './leak-scan.js';
import { redisContents } from './redis-contents.js';
import { spanSources } from './span-sources.js';

// Issue 6, "secrets that never leak": random keys, some in the environment and some in the encrypted store,
// asked through the built CLI against upstreams that answer, that reject the key and echo it back (raw,
// base64, hex), and that hang; debug logging, OTLP tracing, the disk and Redis caches, the usage log and
// conversation history all on. Then every byte the CLI produced or left behind is searched for every key.

// The two homes of each key swapped, so each agent is proven to work (and not leak) with its key from either.
const SCENARIOS: LeakScenario[] = [
  {
    label: 'claude and brave keys in the store, openai and agno keys in the environment',
    stored: ['anthropic', 'brave'],
    search: 'brave',
  },
  {
    label: 'openai and agno keys in the store, claude and tavily keys in the environment',
    stored: ['openai', 'agno'],
    search: 'tavily',
  },
];

const AGENTS: Agent[] = ['claude', 'codex', 'web', 'agno'];
const QUESTIONS: Record<Agent, string> = {
  claude: 'explain the CAP theorem',
  codex: 'write a bash loop',
  web: 'latest news about the rust release this week',
  agno: 'plan a multi-step research task',
};
const ALL_ECHO: Modes = { claude: 'echo', codex: 'echo', web: 'echo', agno: 'echo' };
const ALL_HANG: Modes = { claude: 'hang', codex: 'hang', web: 'hang', agno: 'hang' };
// Long enough for a loaded machine to load the SDK and send the request before giving up (the hanging
// upstream must see the key), short enough to keep the run quick.
const SHORT = '1s';
/** For the run where every upstream hangs: one try per agent, so the chain of four costs four timeouts. */
const NO_RETRIES = { PAYREADY_ROUTING__MAX_RETRIES: '0' };

type AskJson = { agent: string; attempts: Array<{ agent: string; ok: boolean; errorKind: string | null }> };
const parsed = (run: CliRun) => JSON.parse(run.stdout) as AskJson;

/** Runs the tasks a few at a time: independent CLI runs overlap their waits on a 2-core machine. */
async function inParallel(tasks: Array<() => Promise<unknown>>, limit = 4): Promise<void> {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
}

/** Every command that might print, log, trace, cache or store a key, with each upstream answering, echoing and hanging. */
async function exercise(h: LeakHarness, scenario: LeakScenario): Promise<void> {
  // The store, filled the way a person does it: `printf %s "$KEY" | payready keys set NAME`.
  for (const name of scenario.stored) {
    const set = await h.cli(['keys', 'set', name], {}, { input: `${h.keys[name]}\n` });
    expect(set.code, set.stderr).toBe(0);
  }
  const listed = await h.cli(['keys', 'list', '--json']);
  const sources = (JSON.parse(listed.stdout) as { keys: Array<{ name: string; source: string; active: boolean }> })
    .keys;
  for (const name of h.inUse) {
    const source = scenario.stored.includes(name) ? 'store' : 'env';
    expect(sources, `${name} from ${source}`).toContainEqual(expect.objectContaining({ name, source, active: true }));
  }

  // Upstreams that answer. Each fake accepts only its own key, so an answer proves that the key was resolved
  // from where the scenario put it and sent. Half the asks print JSON, half text; one repeat is a cache hit.
  await inParallel([
    () => h.cli(['keys', 'list']),
    () => h.cli(['doctor', '--json']).then((run) => expect(run.code, run.stdout).toBe(0)),
    ...AGENTS.map((agent, index) => async () => {
      const json = index % 2 === 0;
      const run = await h.cli(['ask', '-v', ...(json ? ['--json'] : []), '--agent', agent, QUESTIONS[agent]]);
      expect(run.code, run.stderr).toBe(0);
      if (json) expect(parsed(run).agent).toBe(agent);
    }),
  ]);
  const hit = await h.cli(['ask', '-v', '--json', '--agent', 'claude', QUESTIONS.claude]);
  expect(JSON.parse(hit.stdout)).toMatchObject({ agent: 'claude', cached: true });

  // Upstreams that reject the key and echo it back, and upstreams that never answer. An auth failure or a
  // timeout falls back along the whole chain, so one ask with every upstream failing tries all four agents.
  await inParallel([
    async () => {
      const rescued = await h.cli(['ask', '-v', '--json', '--no-cache', '--agent', 'claude', 'why is the sky blue'], {
        claude: 'echo',
      });
      expect(rescued.code, rescued.stderr).toBe(0);
      expect(parsed(rescued)).toMatchObject({ agent: 'codex' });
      expect(parsed(rescued).attempts[0]).toMatchObject({ agent: 'claude', ok: false, errorKind: 'auth' });
    },
    async () => {
      const late = await h.cli(
        ['ask', '-v', '--json', '--no-cache', '--timeout', SHORT, '--agent', 'claude', 'what is a monad'],
        { claude: 'hang' },
      );
      expect(late.code, late.stderr).toBe(0);
      expect(parsed(late).attempts[0]).toMatchObject({ agent: 'claude', ok: false, errorKind: 'timeout' });
    },
    async () => {
      const failed = await h.cli(['ask', '-v', '--json', '--no-cache', '--agent', 'claude', 'echoed'], ALL_ECHO);
      expect(failed.code, failed.stderr).toBe(3);
      for (const agent of AGENTS) expect(failed.stderr).toContain(`${agent}: auth (401)`);
    },
    () => h.cli(['ask', '-v', '--no-cache', '--agent', 'agno', 'echoed'], ALL_ECHO),
    () =>
      h.cli(['ask', '-v', '--no-cache', '--timeout', SHORT, '--agent', 'codex', 'hung'], ALL_HANG, { env: NO_RETRIES }),
    () => h.cli(['doctor', '--json'], ALL_ECHO),
    () => h.cli(['doctor'], ALL_ECHO),
    () => h.cli(['doctor', '--json', '--timeout', SHORT], ALL_HANG),
  ]);

  // The commands that read back what the asks left behind.
  await inParallel(
    [
      ['route', '--json', QUESTIONS.claude],
      ['history', 'export'],
      ['stats'],
      ['cache', 'stats', '--json'],
      ['agents', '--json'],
    ].map((args) => async () => {
      const run = await h.cli(args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }),
  );
}

/** The test can fail: every key really reached its upstreams, and the echoing one really sent it back. */
function expectKeysOnTheWire(h: LeakHarness): void {
  const sent = (fixtures: HttpFixture[]) =>
    fixtures
      .flatMap((fixture) => fixture.requests.flatMap(credentialsOf))
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
  for (const name of h.inUse) {
    const key = h.keys[name];
    expect(sent(Object.values(h.fakes)), `${name} key sent to its answering fake`).toContain(key);
    expect(sent([h.echo]), `${name} key sent to the echoing upstream`).toContain(key);
    expect(h.echo.bodies.join('\n'), `${name} key echoed back in a 401 body`).toContain(key);
    expect(sent([h.hang]), `${name} key sent to the hanging upstream`).toContain(key);
  }
}

/** Stdout and stderr of every run, every file under the home (XDG dirs, keys.enc included), every span, all of Redis. */
async function collect(h: LeakHarness): Promise<LeakSource[]> {
  const files = collectFiles(h.home.root);
  const spans = spanSources(h.collector);
  const redis = await redisContents(h.redis.url);
  // Each kind of output must really have been collected, or finding nothing in it would prove nothing.
  const paths = files.map((file) => file.where);
  expect(paths).toContain(join(h.home.configDir, 'keys.enc'));
  expect(paths).toContain(join(h.home.stateDir, 'usage.jsonl'));
  expect(paths.some((path) => path.startsWith(join(h.home.cacheDir, 'answers')))).toBe(true);
  expect(paths.some((path) => path.startsWith(join(h.home.stateDir, 'history')))).toBe(true);
  expect(spans.some((source) => source.where.includes('event "exception"'))).toBe(true);
  expect(redis.length).toBeGreaterThan(0);
  return [
    ...h.runs.flatMap(({ label, run }) => [
      { where: `${label} stdout`, data: run.stdout },
      { where: `${label} stderr`, data: run.stderr },
    ]),
    ...files,
    ...spans,
    ...redis,
  ];
}

describe('no API key leaks, whatever the upstream does', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.label, async () => {
      const h = await startLeakHarness(scenario);
      try {
        await exercise(h, scenario);
        expectKeysOnTheWire(h);
        // Self-check of the search: a canary key planted in hex inside a binary file, deep in the home,
        // must be found there and nowhere else.
        const canary = randomKeys().anthropic;
        const planted = join(h.home.dataDir, 'leak-self-check', 'nested', 'blob.bin');
        mkdirSync(dirname(planted), { recursive: true });
        writeFileSync(
          planted,
          Buffer.concat([Buffer.from([0, 255]), Buffer.from(leakForms(canary).hex), Buffer.from([0])]),
        );
        const secrets = h.inUse.map((name) => ({ name, value: h.keys[name] }));
        const hits = findLeaks(await collect(h), [...secrets, { name: 'canary', value: canary }]);
        expect(hits.filter((hit) => hit.secret === 'canary')).toEqual([
          expect.objectContaining({ form: 'hex', where: planted }),
        ]);
        const leaks = hits.filter((hit) => hit.secret !== 'canary');
        expect(leaks, `keys leaked:\n${describeHits(leaks)}`).toEqual([]);
      } finally {
        await h.close();
      }
    });
  }
});
