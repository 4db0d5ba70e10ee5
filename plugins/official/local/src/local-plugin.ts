import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AgentError, CONTRACT_VERSION } from '@payready/agent-contract';
import type {
  AgentEnvironment,
  AgentEvent,
  AgentPlugin,
  AgentRequest,
  AgentScore,
  AgentSettings,
  ExecuteContext,
  RouteQuery,
} from '@payready/agent-contract';
import { citation, displayPath, formatNoMatch, formatPassage } from './format-answer.js';
import type { DisplayPaths } from './format-answer.js';
import type { KbRoot } from './kb-files.js';
import { openLocalIndex } from './local-index.js';
import type { LocalIndex } from './local-index.js';
import { searchPassages } from './search-passages.js';
import { LOCAL_PLUGIN_VERSION } from './version.js';

/** The `agents.local` keys this plugin reads; values given to createLocalPlugin override the config's. */
export interface LocalSettings {
  enabled?: boolean;
  paths?: readonly string[];
  max_passages?: number;
  include_project?: boolean;
}

/** Passages weaker than this are noise (one fuzzy word of many), not an answer. */
const MIN_ANSWER_STRENGTH = 0.2;
/** Further passages must hold up against the best one, or a good answer gets padded with stray word hits. */
const RELATIVE_STRENGTH = 0.5;

function readSettings(config: AgentSettings, overrides: LocalSettings): Required<LocalSettings> {
  const merged = { ...config, ...overrides } as Record<string, unknown>;
  const paths = Array.isArray(merged.paths) ? merged.paths.filter((p): p is string => typeof p === 'string') : [];
  const max = typeof merged.max_passages === 'number' && merged.max_passages >= 1 ? merged.max_passages : 3;
  return {
    enabled: merged.enabled !== false,
    paths,
    max_passages: Math.floor(max),
    include_project: merged.include_project !== false,
  };
}

export function resolveKbRoots(environment: AgentEnvironment, settings: Required<LocalSettings>): KbRoot[] {
  const { paths, env } = environment;
  const roots: KbRoot[] = [];
  if (settings.include_project && paths.projectRoot) roots.push({ kind: 'project', path: paths.projectRoot });
  roots.push({ kind: 'kb', path: join(paths.dataDir, 'kb') });
  for (const entry of settings.paths) {
    const expanded = entry === '~' || entry.startsWith('~/') ? join(env.HOME ?? '~', entry.slice(1)) : entry;
    roots.push({ kind: 'path', path: isAbsolute(expanded) ? expanded : resolve(paths.cwd, expanded) });
  }
  return roots;
}

function abortError(signal: AbortSignal): AgentError {
  const timedOut = (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError';
  return new AgentError({
    kind: timedOut ? 'timeout' : 'internal',
    message: timedOut ? 'local agent timed out' : 'local agent aborted',
    agent: 'local',
    retryable: false,
    cause: signal.reason,
  });
}

function displayPaths(environment: AgentEnvironment): DisplayPaths {
  const { paths, env } = environment;
  return { projectRoot: paths.projectRoot, cwd: paths.cwd, home: env.HOME };
}

export function createLocalPlugin(overrides: LocalSettings = {}): AgentPlugin {
  let index: LocalIndex | undefined;
  let display: DisplayPaths = { cwd: process.cwd() };
  // path.relative is a good part of canHandle's budget; a knowledge base has few files.
  const shownPaths = new Map<string, string>();
  const shownPath = (path: string): string => {
    let shown = shownPaths.get(path);
    if (shown === undefined) shownPaths.set(path, (shown = displayPath(path, display)));
    return shown;
  };

  async function init(environment: AgentEnvironment): Promise<void> {
    const settings = readSettings(environment.settings, overrides);
    display = displayPaths(environment);
    shownPaths.clear();
    index = await openLocalIndex({
      roots: resolveKbRoots(environment, settings),
      cacheDir: environment.paths.cacheDir,
      logger: environment.logger,
    });
  }

  async function* execute(request: AgentRequest, context: ExecuteContext): AsyncIterable<AgentEvent> {
    const { signal } = context;
    if (signal.aborted) throw abortError(signal);
    if (!index) await init(context);
    if (signal.aborted) throw abortError(signal);
    const settings = readSettings(context.settings, overrides);
    const ranked = searchPassages(await index!.search(), request.text);
    const { roots } = index!;
    const floor = Math.max(MIN_ANSWER_STRENGTH, (ranked[0]?.strength ?? 0) * RELATIVE_STRENGTH);
    const hits = ranked.filter((hit) => hit.strength >= floor).slice(0, settings.max_passages);
    if (hits.length === 0) yield { type: 'text-delta', text: formatNoMatch(roots, display) };
    for (const hit of hits) {
      if (signal.aborted) throw abortError(signal);
      yield { type: 'text-delta', text: formatPassage(hit, display) };
    }
    for (const hit of hits) {
      if (signal.aborted) throw abortError(signal);
      yield { type: 'source', url: `${pathToFileURL(hit.path).href}#L${hit.line}`, title: citation(hit, display) };
    }
    yield { type: 'done', finishReason: 'stop', model: 'local-index' };
  }

  return {
    contractVersion: CONTRACT_VERSION,
    name: 'local',
    version: LOCAL_PLUGIN_VERSION,
    description: 'Offline answers from the project README and docs/ and your own knowledge base (no network).',
    init,
    canHandle(query: RouteQuery): AgentScore {
      if (!index) return { score: 0, reasons: ['local index not loaded'] };
      const best = index.route.best(query.text);
      if (!best) return { score: 0, reasons: ['no local document matches'] };
      return {
        score: best.strength,
        reasons: [
          `best match ${shownPath(best.path)}:${best.line} (${best.strength.toFixed(2)})`,
          `${best.matched}/${best.total} query terms`,
        ],
      };
    },
    available(environment: AgentEnvironment) {
      if (readSettings(environment.settings, overrides).enabled) return { ok: true };
      return {
        ok: false,
        reason: 'agents.local.enabled is false',
        fix: 'set agents.local.enabled: true in the config',
      };
    },
    execute,
  };
}
