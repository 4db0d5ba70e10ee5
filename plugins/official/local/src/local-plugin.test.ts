import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentError } from '@payready/agent-contract';
import type { AgentEnvironment, AgentEvent, AgentPlugin, AgentScore, ExecuteContext } from '@payready/agent-contract';
import { createLocalPlugin, registerPlugins } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const README = `# Payready

A terminal front door to AI backends.

## Quick start

Install with pnpm and run payready ask with your question.

## Caching

Answers are cached in memory, on disk and optionally in Redis.
The cache time to live defaults to twenty four hours.
`;

const GUIDE = `# Routing guide

The router scores every agent and picks the highest score above the threshold.

When no score reaches the threshold the default agent answers.
`;

function environment(settings: Record<string, unknown> = {}): AgentEnvironment & { root: string } {
  const base = mkdtempSync(join(tmpdir(), 'payready-local-'));
  dirs.push(base);
  const root = join(base, 'project');
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, 'README.md'), README);
  writeFileSync(join(root, 'docs', 'routing.md'), GUIDE);
  return {
    root,
    settings,
    env: { HOME: base },
    paths: {
      cacheDir: join(base, 'cache', 'payready'),
      dataDir: join(base, 'data', 'payready'),
      configDir: join(base, 'config', 'payready'),
      stateDir: join(base, 'state', 'payready'),
      projectRoot: root,
      cwd: join(root, 'docs'),
    },
    logger: { debug() {}, info() {}, warn() {} },
    resolveKey: () => undefined,
  };
}

async function collect(plugin: AgentPlugin, text: string, context: ExecuteContext): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of plugin.execute({ text, persona: { name: 'default' } }, context)) events.push(event);
  return events;
}

function context(env: AgentEnvironment, signal = new AbortController().signal): ExecuteContext {
  return { ...env, signal, timeoutMs: 5000 };
}

function score(plugin: AgentPlugin, text: string): AgentScore {
  return plugin.canHandle({ prompt: text, text }) as AgentScore;
}

describe('local plugin', () => {
  it('registers one plugin named local through registerPlugins', async () => {
    const registered: AgentPlugin[] = [];
    await registerPlugins((plugin) => registered.push(plugin), { contractVersion: 1, AgentError });
    expect(registered.map((plugin) => [plugin.name, plugin.contractVersion])).toEqual([['local', 1]]);
  });

  it('scores on-topic questions high and unrelated ones low', async () => {
    const env = environment();
    const plugin = createLocalPlugin();
    expect(score(plugin, 'how is the cache configured').score).toBe(0);
    await plugin.init!(env);
    const onTopic = score(plugin, 'how long is the cache time to live?');
    expect(onTopic.score).toBeGreaterThanOrEqual(0.7);
    expect(onTopic.reasons?.[0]).toMatch(/^best match README\.md:11 \((0\.\d\d|1\.00)\)$/);
    expect(score(plugin, 'how does the router pick an agent').score).toBeGreaterThanOrEqual(0.7);
    expect(score(plugin, 'what is the capital of Mongolia').score).toBeLessThan(0.2);
    expect(score(plugin, 'write a haiku about autumn leaves falling').score).toBeLessThan(0.2);
    expect(score(plugin, '').score).toBe(0);
  });

  it('scores the same from the persisted index, and execute still answers from it', async () => {
    const env = environment();
    const first = createLocalPlugin();
    await first.init!(env);
    const second = createLocalPlugin();
    await second.init!(env);
    for (const text of ['how long is the cache time to live?', 'router threshold', 'cach', 'capital of Mongolia']) {
      expect(score(second, text)).toEqual(score(first, text));
    }
    expect(score(second, 'router threshold default agent')).toEqual({
      score: 1,
      reasons: ['best match docs/routing.md:3 (1.00)', '4/4 query terms'],
    });
    const events = await collect(second, 'cache time to live', context(env));
    expect(events[0]).toMatchObject({ type: 'text-delta', text: expect.stringMatching(/^README\.md:11 — Caching\n/) });
  });

  it('answers with passages cited as path:line that point at the passage, plus file:// sources', async () => {
    const env = environment();
    const plugin = createLocalPlugin({ max_passages: 2 });
    await plugin.init!(env);
    const events = await collect(plugin, 'cache time to live', context(env));
    const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    expect(text.startsWith('README.md:11 — Caching\nAnswers are cached in memory')).toBe(true);
    for (const [, file, line] of text.matchAll(/^(\S+):(\d+) — /gm)) {
      const passageLine = readFileSync(join(env.root, file!), 'utf8').split('\n')[Number(line) - 1];
      expect(text).toContain(`\n${passageLine}`);
    }
    const sources = events.filter((event) => event.type === 'source');
    expect(sources[0]).toEqual({
      type: 'source',
      url: `file://${join(env.root, 'README.md')}#L11`,
      title: 'README.md:11 — Caching',
    });
    expect(sources.length).toBeLessThanOrEqual(2);
    expect(events.at(-1)).toEqual({ type: 'done', finishReason: 'stop', model: 'local-index' });
  });

  it('indexes configured paths and the kb data dir', async () => {
    const env = environment({ paths: ['../notes'], include_project: false });
    mkdirSync(join(env.root, 'notes'));
    writeFileSync(join(env.root, 'notes', 'n.txt'), 'Quarterly payroll closes on the fifth.\n');
    mkdirSync(join(env.paths.dataDir, 'kb'), { recursive: true });
    writeFileSync(join(env.paths.dataDir, 'kb', 'k.md'), 'The office wifi password rotates monthly.\n');
    const plugin = createLocalPlugin();
    await plugin.init!(env);
    expect(score(plugin, 'when does quarterly payroll close').reasons?.[0]).toMatch(/notes\/n\.txt:1 /);
    expect(score(plugin, 'wifi password rotation').reasons?.[0]).toMatch(/kb\/k\.md:1 /);
    expect(score(plugin, 'cache time to live').score).toBe(0);
  });

  it('says plainly that nothing matched, where it looked and how to add documents', async () => {
    const env = environment();
    const plugin = createLocalPlugin();
    await plugin.init!(env);
    const events = await collect(plugin, 'what is the capital of Mongolia', context(env));
    expect(events.map((event) => event.type)).toEqual(['text-delta', 'done']);
    const message = (events[0] as { text: string }).text;
    expect(message).toMatch(/^No local document matches this question/);
    expect(message).toContain('README* and docs/ of ~/project');
    expect(message).toContain('~/data/payready/kb');
    expect(message).toContain('agents.local.paths');
    expect(message).toContain('ANTHROPIC_API_KEY');
  });

  it('initialises lazily in execute and stops with an AgentError when aborted', async () => {
    const env = environment();
    const plugin = createLocalPlugin();
    const controller = new AbortController();
    const iterator = plugin.execute({ text: 'cache', persona: { name: 'default' } }, context(env, controller.signal));
    const stream = iterator[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ type: 'text-delta' });
    controller.abort();
    const error = await stream.next().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(AgentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: false, agent: 'local' });

    const timedOut = AbortSignal.abort(new DOMException('late', 'TimeoutError'));
    await expect(collect(plugin, 'cache', context(env, timedOut))).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('is available unless disabled', () => {
    const plugin = createLocalPlugin();
    expect(plugin.available(environment())).toEqual({ ok: true });
    expect(plugin.available(environment({ enabled: false })).ok).toBe(false);
  });
});
