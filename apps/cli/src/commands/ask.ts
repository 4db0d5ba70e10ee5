import { join } from 'node:path';
import type { RouteDecision } from '@payready/core';
import {
  DeadlineExceededError,
  InterruptedError,
  createTemplateContext,
  loadPersona,
  renderTemplate,
  runAsk,
  usedTemplateContext,
} from '@payready/core';
import type { CliIO } from '../cli-io.js';
import { askJson } from '../render/ask-json.js';
import { formatExplain } from '../render/explain.js';
import { StreamRenderer } from '../render/stream-renderer.js';
import { cliPaths } from '../runtime/cli-paths.js';
import { startCliTelemetry, type AskEnding } from '../runtime/cli-telemetry.js';
import { createCliBreaker } from '../runtime/create-cli-breaker.js';
import { cliLogger, createCliRegistry } from '../runtime/create-cli-registry.js';
import { loadCliConfig } from '../runtime/load-cli-config.js';
import { askOverrides, onTimeoutMode, type AskCommandOptions } from './ask-options.js';
import { cacheMode, createCliCache } from './cache/cli-cache.js';
import { openConversation } from './history/conversation.js';
import { prepareQuery } from './prepare-query.js';

/** Ctrl-C aborts the ask (and the upstream request with it); a second Ctrl-C leaves at once. */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new InterruptedError());
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

export async function ask(words: string[], options: AskCommandOptions, io: CliIO): Promise<number> {
  if (options.batch) return (await import('./ask-batch.js')).askBatch(words, options, io);
  const onTimeout = onTimeoutMode(options.onTimeout);
  const { config } = await loadCliConfig(io, {
    ...(options.config ? { file: options.config } : {}),
    overrides: askOverrides(options),
  });
  const query = await prepareQuery(io, words, {
    readStdin: options.stdin !== false,
    maxStdinBytes: config.app.max_stdin_bytes,
  });
  const paths = cliPaths(io);
  const telemetry = await startCliTelemetry(io, config);
  const logger = cliLogger(io, config, {
    ...options,
    ...(telemetry.logFields ? { context: telemetry.logFields } : {}),
  });
  const [persona, registry] = await Promise.all([
    loadPersona(options.persona, { builtin: join(io.assetsDir, 'personas'), user: join(paths.configDir, 'personas') }),
    createCliRegistry(io, config, logger),
  ]);
  if (options.agent !== undefined) registry.get(options.agent);
  const conversation = openConversation(io, config, options);
  const context = createTemplateContext({
    cwd: io.cwd,
    ...(paths.projectRoot ? { projectRoot: paths.projectRoot } : {}),
  });
  const text = persona.template
    ? renderTemplate(
        persona.template,
        { prompt: query.prompt, stdin: query.stdin ?? '', input: query.text },
        context,
        persona.source,
      )
    : query.text;
  const templateContext = usedTemplateContext(persona.template, context);
  const mode = cacheMode(options);
  const cache = mode === 'off' ? undefined : createCliCache(io, config, options);
  const renderer = new StreamRenderer(io, { json: Boolean(options.json), quiet: Boolean(options.quiet) });
  const interrupt = interruptSignal();
  let decided: RouteDecision | undefined;
  const ending: AskEnding = { prompt: query.prompt, started: performance.now() };
  try {
    const result = await runAsk({
      registry,
      config,
      query,
      text,
      persona,
      ...(conversation && conversation.history.length > 0 ? { history: conversation.history } : {}),
      ...(options.model ? { model: options.model } : {}),
      ...(options.agent ? { forcedAgent: options.agent } : {}),
      signal: interrupt.signal,
      ...(cache ? { cache, cacheMode: mode } : {}),
      ...(templateContext ? { templateContext } : {}),
      ...createCliBreaker(config, paths.stateDir),
      telemetry: telemetry.telemetry,
      onEvent: renderer.onEvent,
      onDecision: (decision) => {
        decided = decision;
        if (options.explain) io.stderr.write(formatExplain(decision, config.routing.confidence_threshold));
        const preferred = decision.preferredButUnavailable;
        if (preferred && !options.quiet && !options.agent) {
          io.stderr.write(
            `payready: ${preferred.name} fits this question best but is not usable (${preferred.unavailableReason ?? 'unavailable'}); answering with ${decision.chosen}.${preferred.fix ? ` Fix: ${preferred.fix}` : ''}\n`,
          );
        }
      },
    });
    ending.result = result;
    conversation?.record(text, result);
    if (options.json)
      io.stdout.write(
        `${JSON.stringify({ ...askJson(result), ...(conversation ? { cid: conversation.cid } : {}) })}\n`,
      );
    else renderer.finish(result.answer);
    if (result.stale && !options.quiet) {
      io.stderr.write(
        `payready: warning: every agent failed; this is a cached answer from ${result.cachedAt ?? 'earlier'}, past its freshness (stale)\n`,
      );
    }
    if (
      !options.quiet &&
      result.agent === 'local' &&
      !registry.enabled().some((agent) => agent.name !== 'local' && registry.availabilityOf(agent.name).ok)
    ) {
      io.stderr.write(
        'payready: answered offline from local docs: no remote agent is configured. For model answers, export ANTHROPIC_API_KEY=… or OPENAI_API_KEY=… (or `payready keys set anthropic`); `payready agents` lists every option.\n',
      );
    }
    return 0;
  } catch (error) {
    ending.error = error;
    if (error instanceof DeadlineExceededError && onTimeout === 'skip') {
      io.stderr.write(`payready: warning: ${error.message}; skipped (--on-timeout=skip)\n`);
      return 0;
    }
    throw error;
  } finally {
    interrupt.dispose();
    telemetry.recordUsage({ ...ending, ...(decided ? { decision: decided } : {}) }, logger);
    await Promise.all([cache?.close(), telemetry.finish(logger)]);
  }
}
