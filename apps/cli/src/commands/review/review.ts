import { join } from 'node:path';
import {
  capDiff,
  collectDiff,
  createSecretMasker,
  createTemplateContext,
  DeadlineExceededError,
  joinInput,
  loadPersona,
  renderTemplate,
  reviewInstructions,
  runReview,
  usedTemplateContext,
  type ReviewResult,
} from '@payready/core';
import { durationToMs, ExitCode, type PayReadyConfig } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { StreamRenderer } from '../../render/stream-renderer.js';
import { cliPaths } from '../../runtime/cli-paths.js';
import { startCliTelemetry } from '../../runtime/cli-telemetry.js';
import { createCliBreaker } from '../../runtime/create-cli-breaker.js';
import { cliLogger, createCliRegistry } from '../../runtime/create-cli-registry.js';
import { loadCliConfig } from '../../runtime/load-cli-config.js';
import { askOverrides, onTimeoutMode } from '../ask-options.js';
import { interruptSignal } from '../ask.js';
import { createCliCache } from '../cache/cli-cache.js';
import { reviewAgent } from './review-agent.js';
import { diffSource, failOnSeverity, maxDiffBytes, reviewFormat, type ReviewCommandOptions } from './review-options.js';
import { writeReview, type ReviewReport } from './write-review.js';

/**
 * The whole review (diff, ask, the one retry) under one deadline counted from process start (performance.now()
 * is relative to it), so a hook never waits longer than --deadline plus the node start itself.
 */
function overallSignal(
  parent: AbortSignal,
  deadline: string | number | undefined,
): { signal: AbortSignal; dispose(): void } {
  if (deadline === undefined) return { signal: parent, dispose: () => undefined };
  const ms = durationToMs(deadline);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceededError(ms)), Math.max(0, ms - performance.now()));
  return { signal: AbortSignal.any([parent, controller.signal]), dispose: () => clearTimeout(timer) };
}

/** `payready review`: the diff, masked and capped, to a reviewer; findings out; exit 6 at or above --fail-on. */
export async function review(files: string[], options: ReviewCommandOptions, io: CliIO): Promise<number> {
  const source = diffSource(files, options);
  const format = reviewFormat(options);
  const failOn = failOnSeverity(options.failOn);
  const maxBytes = maxDiffBytes(options.maxBytes);
  const onTimeout = onTimeoutMode(options.onTimeout);
  const { config } = await loadCliConfig(io, {
    ...(options.config ? { file: options.config } : {}),
    overrides: askOverrides(options),
  });
  const interrupt = interruptSignal();
  const overall = overallSignal(interrupt.signal, config.routing.deadline);
  const report: ReviewReport = { format, failOn, findings: [], color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR };
  try {
    const collected = await collectDiff(source, {
      cwd: io.cwd,
      readLimitBytes: maxBytes * 4 + 1024 * 1024,
      signal: overall.signal,
    });
    const mask = createSecretMasker({ env: io.env, literals: config.security.redact });
    let masked = 0;
    const files = collected.files.map((file) => {
      const result = mask(file.text);
      masked += result.masked;
      return { ...file, text: result.text };
    });
    const diff = capDiff(files, maxBytes);
    Object.assign(report, { description: collected.description, diff, masked, unread: collected.unread });
    if (diff.text === '') return writeReview(io, report, options);
    const result = await ask(io, options, {
      config,
      signal: overall.signal,
      text: diff.text,
      instructions: reviewInstructions({ description: collected.description, diff, masked, unread: collected.unread }),
    });
    report.findings = result.findings;
    report.result = result;
    return writeReview(io, report, options);
  } catch (error) {
    if (error instanceof DeadlineExceededError && onTimeout === 'skip') {
      io.stderr.write(`payready: warning: review: ${error.message}; skipped (--on-timeout=skip)\n`);
      return ExitCode.ok;
    }
    throw error;
  } finally {
    overall.dispose();
    interrupt.dispose();
  }
}

interface AskInput {
  config: PayReadyConfig;
  signal: AbortSignal;
  instructions: string;
  /** The masked, capped diff. */
  text: string;
}

async function ask(io: CliIO, options: ReviewCommandOptions, input: AskInput): Promise<ReviewResult> {
  const { config } = input;
  const paths = cliPaths(io);
  const telemetry = await startCliTelemetry(io, config);
  const logger = cliLogger(io, config, options);
  const [persona, registry] = await Promise.all([
    loadPersona(options.persona ?? 'reviewer', {
      builtin: join(io.assetsDir, 'personas'),
      user: join(paths.configDir, 'personas'),
    }),
    createCliRegistry(io, config, logger),
  ]);
  const query = { prompt: input.instructions, stdin: input.text, text: joinInput(input.instructions, input.text) };
  const reviewer = reviewAgent({ registry, config, forced: options.agent, query });
  const context = createTemplateContext({
    cwd: io.cwd,
    ...(paths.projectRoot ? { projectRoot: paths.projectRoot } : {}),
  });
  const text = persona.template
    ? renderTemplate(
        persona.template,
        { prompt: query.prompt, stdin: input.text, input: query.text },
        context,
        persona.source,
      )
    : query.text;
  const templateContext = usedTemplateContext(persona.template, context);
  const cache = options.cache === false ? undefined : createCliCache(io, config, options);
  const renderer = new StreamRenderer(io, { json: true, quiet: Boolean(options.quiet) });
  try {
    return await runReview({
      registry: reviewer.registry,
      config,
      query,
      text,
      persona,
      forcedAgent: reviewer.agent,
      ...(options.model ? { model: options.model } : {}),
      signal: input.signal,
      ...(cache ? { cache, cacheMode: 'use' as const } : {}),
      ...(templateContext ? { templateContext } : {}),
      ...createCliBreaker(config, paths.stateDir),
      telemetry: telemetry.telemetry,
      onEvent: renderer.onEvent,
      onRetry: (problem) => {
        if (!options.quiet)
          io.stderr.write(
            `payready: the reviewer's reply was not valid findings JSON (${problem}); asking once more\n`,
          );
      },
    });
  } finally {
    await Promise.all([cache?.close(), telemetry.finish(logger)]);
  }
}
