import { decisionJson, route, type AgentRegistry, type RouteDecision } from '@payready/core';
import { recordLastRoute, UsageError, type PayReadyConfig } from '@payready/shared';
import type { CliIO } from '../cli-io.js';
import { formatExplain } from '../render/explain.js';
import { cliPaths } from '../runtime/cli-paths.js';
import { cliLogger, createCliRegistry } from '../runtime/create-cli-registry.js';
import { loadCliConfig } from '../runtime/load-cli-config.js';
import { prepareQuery } from './prepare-query.js';

export interface RouteCommandOptions {
  json?: boolean;
  explain?: boolean;
  batch?: boolean;
  agent?: string;
  config?: string;
  quiet?: boolean;
  stdin?: boolean;
}

function decide(
  registry: AgentRegistry,
  config: PayReadyConfig,
  text: string,
  prompt: string,
  forced?: string,
): RouteDecision {
  return route(
    registry,
    { prompt, text },
    {
      threshold: config.routing.confidence_threshold,
      defaultAgent: config.routing.default_agent,
      ...(forced ? { forced } : {}),
    },
  );
}

/** `--batch`: JSONL objects with a `query` field in, one decision per line out, `id` echoed. */
async function routeBatch(io: CliIO, registry: AgentRegistry, config: PayReadyConfig): Promise<number> {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let item: { id?: unknown; query?: unknown; agent?: unknown };
    try {
      item = JSON.parse(line) as typeof item;
    } catch (error) {
      throw new UsageError(`stdin line ${lineNumber}: not JSON (${(error as Error).message})`);
    }
    if (typeof item.query !== 'string') throw new UsageError(`stdin line ${lineNumber}: missing string field "query"`);
    const decision = decide(
      registry,
      config,
      item.query,
      item.query,
      typeof item.agent === 'string' ? item.agent : undefined,
    );
    io.stdout.write(
      `${JSON.stringify({ ...(item.id === undefined ? {} : { id: item.id }), ...decisionJson(decision) })}\n`,
    );
  }
  return 0;
}

/**
 * Keeps this query so `payready route --correct AGENT` can record what it should have been. Only `route`
 * does this (the user asked about routing); `ask` never stores prompt text without consent.
 */
function rememberForCorrection(io: CliIO, query: string, chosen: string): void {
  try {
    recordLastRoute(cliPaths(io).stateDir, { query, chosen, at: new Date().toISOString() });
  } catch {
    // A read-only state dir costs the correction feature, never the routing answer.
  }
}

/** The routing decision alone: which agent would answer, and why. */
export async function routeCommand(words: string[], options: RouteCommandOptions, io: CliIO): Promise<number> {
  const { config } = await loadCliConfig(io, options.config ? { file: options.config } : {});
  const logger = cliLogger(io, config, options);
  const registry = await createCliRegistry(io, config, logger);
  if (options.batch) return routeBatch(io, registry, config);
  const query = await prepareQuery(io, words, {
    readStdin: options.stdin !== false,
    maxStdinBytes: config.app.max_stdin_bytes,
  });
  const decision = decide(registry, config, query.text, query.prompt, options.agent);
  if (options.explain) io.stderr.write(formatExplain(decision, config.routing.confidence_threshold));
  rememberForCorrection(io, query.text, decision.chosen);
  io.stdout.write(options.json ? `${JSON.stringify(decisionJson(decision))}\n` : `${decision.chosen}\n`);
  return 0;
}
