import {
  createTempHome,
  runCli,
  startFakeAgno,
  startFakeAnthropic,
  startFakeBrave,
  startFakeOpenAI,
  startFakeTavily,
  startRedis,
  type CliRun,
  type FakeServer,
  type FakeUpstream,
  type HttpFixture,
  type RedisServer,
  type TempHome,
} from '../../test-utils/src/index.js';
import { startCollector } from '../telemetry/telemetry-helpers.js';
import { startEchoUpstream, startHangingUpstream, type EchoUpstream } from './echo-upstream.js';
import { randomKeys } from './leak-scan.js';

export type Keys = ReturnType<typeof randomKeys>;
export type KeyName = keyof Keys;
export type Agent = 'claude' | 'codex' | 'web' | 'agno';
/** What the upstream of an agent does in one run: answer, reject the key and echo it back, or hang. */
export type Mode = 'ok' | 'echo' | 'hang';
export type Modes = Partial<Record<Agent, Mode>>;

export interface LeakScenario {
  label: string;
  /** Stored with `payready keys set`; the other keys in use are exported in the environment. */
  stored: KeyName[];
  search: 'brave' | 'tavily';
}

export interface LeakHarness {
  keys: Keys;
  /** The keys this scenario's agents use (one search provider). */
  inUse: KeyName[];
  home: TempHome;
  /** The fakes that answer; each accepts only its own key. */
  fakes: { anthropic: FakeUpstream; openai: FakeUpstream; search: FakeServer; agno: FakeServer };
  echo: EchoUpstream;
  hang: HttpFixture;
  collector: HttpFixture;
  redis: RedisServer;
  /** Every CLI run so far, labelled with its arguments and upstream modes. */
  runs: Array<{ label: string; run: CliRun }>;
  /** The built CLI with this scenario's environment (plus `env`), each agent's upstream in the given mode. */
  cli(args: string[], modes?: Modes, options?: { input?: string; env?: Record<string, string> }): Promise<CliRun>;
  close(): Promise<void>;
}

const RESULTS = [
  {
    title: 'Rust 1.90 released',
    url: 'https://blog.rust-lang.org/1.90',
    snippet: 'New release',
    date: new Date().toISOString().slice(0, 10),
  },
];

/**
 * Fresh random keys, a temp home, fakes of every upstream (answering, echoing, hanging), an OTLP collector
 * and a private Redis; and the CLI environment that turns on everything that could write a key somewhere:
 * debug logging, tracing, the disk and Redis caches, the usage log with prompts, conversation history.
 */
export async function startLeakHarness(scenario: LeakScenario): Promise<LeakHarness> {
  const keys = randomKeys();
  const home = createTempHome('payready-leak-');
  const [anthropic, openai, search, agno, echo, hang, collector, redis] = await Promise.all([
    startFakeAnthropic({ apiKey: keys.anthropic }),
    startFakeOpenAI({ apiKey: keys.openai }),
    scenario.search === 'brave'
      ? startFakeBrave({ apiKey: keys.brave, results: RESULTS })
      : startFakeTavily({ apiKey: keys.tavily, results: RESULTS }),
    startFakeAgno({ securityKey: keys.agno }),
    startEchoUpstream(),
    startHangingUpstream(),
    startCollector(),
    startRedis(),
  ]);
  const inUse: KeyName[] = ['anthropic', 'openai', scenario.search, 'agno'];
  const exported = Object.fromEntries(
    inUse
      .filter((name) => !scenario.stored.includes(name))
      .map((name) => [`${name.toUpperCase()}_API_KEY`, keys[name]]),
  );
  const urls: Record<Agent, Record<Mode, string>> = {
    claude: { ok: anthropic.url, echo: echo.url, hang: hang.url },
    codex: { ok: openai.url, echo: `${echo.url}/v1`, hang: `${hang.url}/v1` },
    web: { ok: search.url, echo: echo.url, hang: hang.url },
    agno: { ok: agno.url, echo: echo.url, hang: hang.url },
  };
  const env = (modes: Modes): Record<string, string> => {
    const url = (agent: Agent) => urls[agent][modes[agent] ?? 'ok'];
    return {
      ...home.env,
      ...exported,
      ANTHROPIC_BASE_URL: url('claude'),
      OPENAI_BASE_URL: url('codex'),
      [scenario.search === 'brave' ? 'BRAVE_BASE_URL' : 'TAVILY_BASE_URL']: url('web'),
      PAYREADY_AGENTS__AGNO__ENABLED: 'true',
      PAYREADY_AGENTS__AGNO__URL: url('agno'),
      PAYREADY_AGENTS__AGNO__AGENT_ID: 'assistant',
      PAYREADY_AGENTS__LOCAL__ENABLED: 'false',
      // Debug logging for every command, not only the asks that take -v.
      PAYREADY_APP__LOG_LEVEL: 'debug',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      REDIS_URL: redis.url,
      // Generous, so that Redis is really used on a loaded machine.
      PAYREADY_CACHE__REDIS__CONNECT_TIMEOUT_MS: '2000',
      PAYREADY_HISTORY__ENABLED: 'true',
      PAYREADY_MONITORING__LOG_PROMPTS: 'true',
      // The master key in master.key: a desktop keyring would make the run depend on the machine.
      PAYREADY_SECURITY__KEYRING: 'false',
      // Every failure must reach its upstream (an open circuit would skip it); retries kept short.
      PAYREADY_ROUTING__CIRCUIT_BREAKER__ENABLED: 'false',
      PAYREADY_ROUTING__MAX_RETRIES: '1',
      PAYREADY_ROUTING__BACKOFF_MS: '5',
    };
  };
  const runs: LeakHarness['runs'] = [];
  return {
    keys,
    inUse,
    home,
    fakes: { anthropic, openai, search, agno },
    echo,
    hang,
    collector,
    redis,
    runs,
    async cli(args, modes = {}, options = {}) {
      const run = await runCli(args, {
        env: { ...env(modes), ...options.env },
        cwd: home.root,
        ...(options.input === undefined ? {} : { input: options.input }),
      });
      runs.push({ label: `run ${runs.length + 1} \`payready ${args.join(' ')}\` ${JSON.stringify(modes)}`, run });
      return run;
    },
    async close() {
      await Promise.all([anthropic, openai, search, agno, echo, hang, collector].map((server) => server.close()));
      await redis.stop();
      home.cleanup();
    },
  };
}
