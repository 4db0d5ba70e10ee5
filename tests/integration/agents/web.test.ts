import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent, AgentRequest, AgentSettings, ExecuteContext, SourceEvent } from '@payready/agent-contract';
import { createWebPlugin, registerPlugins } from '../../../plugins/official/web/src/index.js';
import {
  testAgentRequest,
  testExecuteContext,
  type TestExecuteContextOptions,
} from '../../test-utils/src/agent-context.js';
import {
  startFakeBrave,
  startFakeSearxng,
  startFakeTavily,
  type FakeFailure,
  type FakeSearchItem,
  type FakeServer,
} from '../../test-utils/src/fake-search.js';
import { agentErrorOf, refusedUrl, run } from './agent-test-helpers.js';

// The web plugin against local fakes of SearXNG, Brave and Tavily: recency filter sent and enforced,
// summarising through a fake delegate, the ranked-results fallback, and every error kind.

const BRAVE_KEY = 'brave-test-key';
const TAVILY_KEY = 'tvly-test-key';
const DAY_MS = 86_400_000;

function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
}

const FRESH: FakeSearchItem = {
  title: 'Fresh release',
  url: 'https://news.example/fresh',
  snippet: 'Released 10 days ago.',
  date: daysAgo(10),
};
const NEWER: FakeSearchItem = {
  title: 'Newest notes',
  url: 'https://news.example/newest',
  snippet: 'Two days old.',
  date: daysAgo(2),
};
const UNDATED: FakeSearchItem = {
  title: 'Undated page',
  url: 'https://docs.example/undated',
  snippet: 'No date here.',
};
// Older than the 100-day filter but inside SearXNG's `year`; Brave "discovered" it recently; Tavily leaks it.
const STALE: FakeSearchItem = {
  title: 'Stale announcement',
  url: 'https://old.example/stale',
  snippet: 'From last year.',
  date: daysAgo(200),
  discovered: daysAgo(5),
};

type ProviderName = 'searxng' | 'brave' | 'tavily';
const PROVIDERS: ProviderName[] = ['searxng', 'brave', 'tavily'];

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Setup {
  fake: FakeServer;
  context(
    options?: TestExecuteContextOptions & { extraSettings?: AgentSettings },
  ): ExecuteContext & { logs: unknown[] };
}

async function setup(
  provider: ProviderName,
  options: { results?: FakeSearchItem[]; fail?: FakeFailure; formats?: string[]; ignoreRecency?: boolean } = {},
): Promise<Setup> {
  const results = options.results ?? [UNDATED, STALE, FRESH, NEWER];
  const common = {
    results,
    ignoreRecency: options.ignoreRecency ?? provider === 'tavily',
    ...(options.fail ? { fail: options.fail } : {}),
  };
  const started =
    provider === 'searxng'
      ? await startFakeSearxng({ ...common, ...(options.formats ? { formats: options.formats } : {}) })
      : provider === 'brave'
        ? await startFakeBrave({ ...common, apiKey: BRAVE_KEY })
        : await startFakeTavily({ ...common, apiKey: TAVILY_KEY });
  fake = started;
  const env: Record<string, string> =
    provider === 'searxng'
      ? {}
      : provider === 'brave'
        ? { BRAVE_API_KEY: BRAVE_KEY, BRAVE_BASE_URL: started.url }
        : { TAVILY_API_KEY: TAVILY_KEY, TAVILY_BASE_URL: started.url };
  const baseSettings: AgentSettings = {
    provider,
    date_filter: 100,
    max_results: 8,
    ...(provider === 'searxng' ? { searxng_url: started.url } : {}),
  };
  return {
    fake: started,
    context: (extra = {}) =>
      testExecuteContext({
        env,
        timeoutMs: 5000,
        ...extra,
        settings: { ...baseSettings, ...extra.settings, ...extra.extraSettings },
      }),
  };
}

const plugin = createWebPlugin();

function ask(ctx: ExecuteContext, text = 'latest node release news') {
  return run(plugin.execute(testAgentRequest(text), ctx));
}

function sourcesOf(events: AgentEvent[]): SourceEvent[] {
  return events.filter((event): event is SourceEvent => event.type === 'source');
}

describe.each(PROVIDERS)('web via %s: recency filter', (provider) => {
  it('sends the recency parameter in the provider request', async () => {
    const { fake, context } = await setup(provider);
    await ask(context());
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    if (provider === 'searxng') {
      expect(request!.path).toBe('/search');
      expect(request!.query.get('format')).toBe('json');
      expect(request!.query.get('time_range')).toBe('year');
      expect(request!.query.get('q')).toBe('latest node release news');
    } else if (provider === 'brave') {
      expect(request!.path).toBe('/res/v1/web/search');
      expect(request!.headers['x-subscription-token']).toBe(BRAVE_KEY);
      expect(request!.query.get('freshness')).toBe(`${daysAgo(100)}to${daysAgo(0)}`);
    } else {
      expect(request!.method).toBe('POST');
      expect(request!.headers.authorization).toBe(`Bearer ${TAVILY_KEY}`);
      expect(request!.body).toMatchObject({
        query: 'latest node release news',
        start_date: daysAgo(100),
        end_date: daysAgo(0),
      });
    }
  });

  it('without a delegate: answers with the ranked results, stale ones in neither answer nor sources', async () => {
    const { context } = await setup(provider);
    const result = await ask(context());
    expect(result.error).toBeUndefined();
    expect(result.text).not.toContain(STALE.url);
    expect(result.text).not.toContain(STALE.title);
    for (const item of [FRESH, NEWER, UNDATED]) expect(result.text).toContain(item.url);
    // Dated results first (provider order kept among them), undated last.
    expect(result.text.indexOf(FRESH.url)).toBeLessThan(result.text.indexOf(NEWER.url));
    expect(result.text.indexOf(NEWER.url)).toBeLessThan(result.text.indexOf(UNDATED.url));
    expect(result.text).toContain(FRESH.date);
    expect(result.text).toContain('undated');
    const sources = sourcesOf(result.events);
    expect(sources.map((source) => source.url)).toEqual([FRESH.url, NEWER.url, UNDATED.url]);
    expect(sources[0]).toEqual({ type: 'source', url: FRESH.url, title: FRESH.title, date: FRESH.date });
    expect(sources[2]).toEqual({ type: 'source', url: UNDATED.url, title: UNDATED.title });
    expect(result.events.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
  });

  it('with a delegate: it receives only fresh numbered results, its text is the answer, sources follow', async () => {
    const { context } = await setup(provider);
    const calls: Array<{ request: AgentRequest; exclude: string[] }> = [];
    const delegate: ExecuteContext['delegate'] = async (request, options) => {
      calls.push({ request, exclude: options.exclude });
      return { agent: 'claude', text: 'Node shipped a release [1], with notes [2].' };
    };
    const result = await ask(context({ delegate }));
    expect(result.error).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.exclude).toEqual(['web']);
    const sent = calls[0]!.request.text;
    expect(sent).toContain('latest node release news');
    expect(sent).toContain(`[1] ${FRESH.title} — ${FRESH.url} (${FRESH.date}): ${FRESH.snippet}`);
    expect(sent).toContain(`[2] ${NEWER.title} — ${NEWER.url} (${NEWER.date})`);
    expect(sent).toContain(`[3] ${UNDATED.title} — ${UNDATED.url}: ${UNDATED.snippet}`);
    expect(sent).not.toContain(STALE.url);
    expect(sent).toMatch(/cite/i);
    expect(calls[0]!.request.persona.system).toMatch(/\[1\]/);
    expect(result.events.filter((event) => event.type === 'text-delta')).toEqual([
      { type: 'text-delta', text: 'Node shipped a release [1], with notes [2].' },
    ]);
    expect(sourcesOf(result.events).map((source) => source.url)).toEqual([FRESH.url, NEWER.url, UNDATED.url]);
  });

  it('a narrower date_filter narrows both the request and the kept results', async () => {
    const { fake, context } = await setup(provider, { ignoreRecency: true });
    const result = await ask(context({ extraSettings: { date_filter: 7 } }));
    const [request] = fake.requests;
    if (provider === 'searxng') expect(request!.query.get('time_range')).toBe('week');
    if (provider === 'brave') expect(request!.query.get('freshness')).toBe(`${daysAgo(7)}to${daysAgo(0)}`);
    if (provider === 'tavily') expect(request!.body).toMatchObject({ start_date: daysAgo(7) });
    expect(sourcesOf(result.events).map((source) => source.url)).toEqual([NEWER.url, UNDATED.url]);
  });
});

describe('web: answers', () => {
  it('falls back to the ranked results when the delegate finds no usable agent', async () => {
    const { context } = await setup('searxng');
    const result = await ask(context({ delegate: async () => undefined }));
    expect(result.text).toContain('no language model was available');
    expect(result.text).toContain(FRESH.url);
    expect(result.text).not.toContain(STALE.url);
  });

  it('falls back to the ranked results, with a warning, when the delegate fails', async () => {
    const { context } = await setup('brave');
    const ctx = context({
      delegate: async () => {
        throw new Error('summariser exploded');
      },
    });
    const result = await ask(ctx);
    expect(result.error).toBeUndefined();
    expect(result.text).toContain(FRESH.url);
    expect(JSON.stringify(ctx.logs)).toContain('summariser exploded');
  });

  it('caps the answer at max_results', async () => {
    const many = Array.from({ length: 12 }, (_, index) => ({
      title: `r${index}`,
      url: `https://m.example/${index}`,
      date: daysAgo(index + 1),
    }));
    const { context } = await setup('searxng', { results: many });
    const result = await ask(context({ extraSettings: { max_results: 3 } }));
    expect(sourcesOf(result.events).map((source) => source.title)).toEqual(['r0', 'r1', 'r2']);
  });

  it('says so when nothing recent was found', async () => {
    const { context } = await setup('searxng', { results: [STALE] });
    const result = await ask(context({ delegate: async () => ({ agent: 'x', text: 'should not be asked' }) }));
    expect(result.text).toContain('No web results from the last 100 days');
    expect(sourcesOf(result.events)).toEqual([]);
  });

  it('reads Brave relative ages when page_age is missing', async () => {
    const { context } = await setup('brave', {
      results: [
        { title: 'Aged', url: 'https://a.example/', age: '3 days ago' },
        { title: 'Old age', url: 'https://o.example/', age: 'January 5, 2019', discovered: daysAgo(1) },
      ],
    });
    const result = await ask(context());
    expect(sourcesOf(result.events)).toEqual([
      { type: 'source', url: 'https://a.example/', title: 'Aged', date: daysAgo(3) },
    ]);
  });
});

describe.each(PROVIDERS)('web via %s: errors', (provider) => {
  it.each([
    [{ status: 429, retryAfter: 3 }, 'rate_limit', true],
    [{ status: 500 }, 'internal', true],
    [{ status: 503 }, 'overloaded', true],
    ['malformed-json', 'internal', false],
    ['reset', 'network', true],
    ['hang', 'timeout', true],
  ] as Array<[FakeFailure, string, boolean]>)('%j → %s', async (failure, kind, retryable) => {
    const { context } = await setup(provider, { fail: failure });
    const error = agentErrorOf(await ask(context({ timeoutMs: 300 })));
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    if (kind === 'rate_limit') expect(error.retryAfterMs).toBe(3000);
  });

  it('connection refused → network', async () => {
    const url = await refusedUrl();
    const settings: AgentSettings = provider === 'searxng' ? { provider, searxng_url: url } : { provider };
    const env = { BRAVE_API_KEY: BRAVE_KEY, BRAVE_BASE_URL: url, TAVILY_API_KEY: TAVILY_KEY, TAVILY_BASE_URL: url };
    const error = agentErrorOf(await ask(testExecuteContext({ settings, env })));
    expect(error.kind).toBe('network');
  });

  it('an abort from the caller stops the request without a retry', async () => {
    const { context } = await setup(provider, { fail: 'hang' });
    const controller = new AbortController();
    const pending = ask(context({ signal: controller.signal, timeoutMs: 60_000 }));
    await waitFor(() => fake!.requests.length === 1);
    controller.abort(new Error('Ctrl-C'));
    const error = agentErrorOf(await pending);
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(false);
  });
});

describe('web: provider-specific errors', () => {
  it('SearXNG 403 (JSON disabled) → unavailable, with how to enable json in settings.yml', async () => {
    const { context } = await setup('searxng', { formats: ['html'] });
    const error = agentErrorOf(await ask(context()));
    expect(error.kind).toBe('unavailable');
    expect(error.status).toBe(403);
    expect(error.message).toContain('search.formats');
    expect(error.message).toContain('settings.yml');
    expect(error.message).toContain('json');
  });

  it('Brave: an invalid key (422 SUBSCRIPTION_TOKEN_INVALID) is auth, read from error.code', async () => {
    const { context } = await setup('brave');
    const error = agentErrorOf(await ask(context({ env: { BRAVE_API_KEY: 'wrong', BRAVE_BASE_URL: fake!.url } })));
    expect(error).toMatchObject({ kind: 'auth', status: 422 });
    expect(error.message).toContain('BRAVE_API_KEY');
    expect(error.message).not.toContain('wrong');
  });

  it('Brave: 429 without retry-after waits for the exhausted X-RateLimit window', async () => {
    const { context } = await setup('brave', { fail: { status: 429 } });
    const error = agentErrorOf(await ask(context()));
    expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 1000, retryable: true });
  });

  it('Brave: an exhausted quota is rate_limit that is not retried', async () => {
    const body = JSON.stringify({
      type: 'ErrorResponse',
      error: { status: 429, code: 'QUOTA_LIMITED', detail: 'quota' },
    });
    const { context } = await setup('brave', { fail: { status: 429, body } });
    expect(agentErrorOf(await ask(context()))).toMatchObject({ kind: 'rate_limit', retryable: false });
  });

  it('Tavily: a wrong key (401) is auth; plan limits (432) are rate_limit, not retried', async () => {
    const { context } = await setup('tavily');
    const auth = agentErrorOf(await ask(context({ env: { TAVILY_API_KEY: 'nope', TAVILY_BASE_URL: fake!.url } })));
    expect(auth).toMatchObject({ kind: 'auth', status: 401 });
    expect(auth.message).toContain('missing or invalid API key');
    fake!.failNext({ status: 432 });
    expect(agentErrorOf(await ask(context()))).toMatchObject({ kind: 'rate_limit', retryable: false, status: 432 });
  });

  it('Tavily 403 is auth', async () => {
    const { context } = await setup('tavily', { fail: { status: 403 } });
    expect(agentErrorOf(await ask(context())).kind).toBe('auth');
  });
});

describe('web: plugin surface', () => {
  it('registers one agent named web', async () => {
    const registered: string[] = [];
    await registerPlugins((agent) => registered.push(agent.name), {} as never);
    expect(registered).toEqual(['web']);
  });

  it('scores fresh-fact questions above plain ones', () => {
    const score = (text: string) => {
      const value = plugin.canHandle({ prompt: text, text });
      return typeof value === 'number' ? value : value.score;
    };
    expect(score('latest news on the node release')).toBeGreaterThan(score('hello there'));
  });

  it('without any provider: execute fails unavailable, available() names all three options', async () => {
    const ctx = testExecuteContext({ settings: { provider: 'auto' } });
    expect(plugin.available(ctx)).toMatchObject({ ok: false, missingCredentials: true });
    expect(agentErrorOf(await ask(ctx)).kind).toBe('unavailable');
  });

  it('health: SearXNG /healthz answers ok; a dead instance does not', async () => {
    const { context } = await setup('searxng');
    expect(await plugin.health!(context())).toEqual({ ok: true });
    const dead = testExecuteContext({ settings: { provider: 'searxng', searxng_url: await refusedUrl() } });
    expect((await plugin.health!(dead)).ok).toBe(false);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
