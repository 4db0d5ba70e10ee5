import { join } from 'node:path';
import {
  createTemplateContext,
  InterruptedError,
  loadPersona,
  renderTemplate,
  runAsk,
  usedTemplateContext,
  type AskOptions,
} from '@payready/core';
import { ExitCode, UsageError } from '@payready/shared';
import type { CliIO } from '../cli-io.js';
import { askJson } from '../render/ask-json.js';
import { cliPaths } from '../runtime/cli-paths.js';
import { startCliTelemetry } from '../runtime/cli-telemetry.js';
import { createCliBreaker } from '../runtime/create-cli-breaker.js';
import { cliLogger, createCliRegistry } from '../runtime/create-cli-registry.js';
import { loadCliConfig } from '../runtime/load-cli-config.js';
import { batchErrorJson, type BatchItem } from './ask-batch-item.js';
import { runBatch } from './ask-batch-runner.js';
import { askOverrides, type AskCommandOptions } from './ask-options.js';
import { interruptSignal } from './ask.js';
import { cacheMode, createCliCache } from './cache/cli-cache.js';

export const DEFAULT_CONCURRENCY = 4;

function concurrencyOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new UsageError(`--concurrency must be an integer from 1 to 256, got ${JSON.stringify(value)}`);
  return count;
}

/** Everything one item needs besides its query: built once, shared by every item (registry, cache, breaker). */
type Shared = Omit<AskOptions, 'query' | 'text'> & {
  template?: string;
  context: ReturnType<typeof createTemplateContext>;
};

async function answer(item: BatchItem, shared: Shared): Promise<{ json: Record<string, unknown>; ok: boolean }> {
  const { template, context, ...base } = shared;
  const { persona } = base;
  try {
    const text = template
      ? renderTemplate(template, { prompt: item.query, stdin: '', input: item.query }, context, persona.source)
      : item.query;
    const forcedAgent = item.agent ?? base.forcedAgent;
    const result = await runAsk({
      ...base,
      query: { prompt: item.query, text: item.query },
      text,
      ...(forcedAgent ? { forcedAgent } : {}),
    });
    return { ok: true, json: { id: item.id, line: item.line, ok: true, ...askJson(result) } };
  } catch (error) {
    const attempts =
      (error as { attempts?: ReadonlyArray<{ agent: string; ok: boolean; errorKind?: string; ms: number }> })
        .attempts ?? [];
    const failed = attempts.map((attempt) => ({
      agent: attempt.agent,
      ok: attempt.ok,
      errorKind: attempt.errorKind ?? null,
      ms: Math.round(attempt.ms),
    }));
    return {
      ok: false,
      json: { id: item.id, line: item.line, ok: false, error: batchErrorJson(error), attempts: failed },
    };
  }
}

function checkUsage(words: readonly string[], options: AskCommandOptions, io: CliIO): void {
  if (words.length > 0) {
    throw new UsageError('--batch reads its questions from stdin, one JSON object per line; give no prompt arguments');
  }
  if (options.continue || options.cid !== undefined) {
    throw new UsageError('--batch cannot continue a conversation (-c, --cid)');
  }
  if (io.stdin.isTTY) {
    throw new UsageError('--batch reads JSONL on stdin', {
      hint: 'payready ask --batch < questions.jsonl   (one {"id": …, "query": "…"} per line)',
    });
  }
}

/** Config, agents, persona, cache, breaker and telemetry: set up once for every item of the batch. */
async function setUp(io: CliIO, options: AskCommandOptions, signal: AbortSignal) {
  const { config } = await loadCliConfig(io, {
    ...(options.config ? { file: options.config } : {}),
    overrides: askOverrides(options),
  });
  const paths = cliPaths(io);
  const telemetry = await startCliTelemetry(io, config);
  const logger = cliLogger(io, config, options);
  const [persona, registry] = await Promise.all([
    loadPersona(options.persona, { builtin: join(io.assetsDir, 'personas'), user: join(paths.configDir, 'personas') }),
    createCliRegistry(io, config, logger),
  ]);
  if (options.agent !== undefined) registry.get(options.agent);
  const context = createTemplateContext({
    cwd: io.cwd,
    ...(paths.projectRoot ? { projectRoot: paths.projectRoot } : {}),
  });
  const templateContext = usedTemplateContext(persona.template, context);
  const mode = cacheMode(options);
  const cache = mode === 'off' ? undefined : createCliCache(io, config, options);
  const shared: Shared = {
    registry,
    config,
    persona,
    context,
    signal,
    telemetry: telemetry.telemetry,
    ...(persona.template ? { template: persona.template } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.agent ? { forcedAgent: options.agent } : {}),
    ...(cache ? { cache, cacheMode: mode } : {}),
    ...(templateContext ? { templateContext } : {}),
    ...createCliBreaker(config, paths.stateDir),
  };
  return { shared, close: () => Promise.all([cache?.close(), telemetry.finish(logger)]) };
}

/**
 * `ask --batch`: JSONL `{id, query, agent?}` on stdin, one JSONL result per item on stdout — in input order
 * with `--ordered`, else as each completes — at most `--concurrency` asks at a time. A failed item is a
 * result carrying its error; the batch goes on. Exit 0 when every item succeeded, 1 otherwise.
 */
export async function askBatch(words: string[], options: AskCommandOptions, io: CliIO): Promise<number> {
  checkUsage(words, options, io);
  const concurrency = concurrencyOf(options.concurrency);
  const interrupt = interruptSignal();
  try {
    const { shared, close } = await setUp(io, options, interrupt.signal);
    try {
      const failed = await runBatch(io, {
        concurrency,
        ordered: Boolean(options.ordered),
        signal: interrupt.signal,
        answer: (item) => answer(item, shared),
      });
      if (interrupt.signal.aborted) throw new InterruptedError();
      return failed > 0 ? ExitCode.failed : ExitCode.ok;
    } finally {
      await close();
    }
  } finally {
    interrupt.dispose();
  }
}
