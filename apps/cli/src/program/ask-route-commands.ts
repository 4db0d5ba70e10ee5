import { Option, type Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import type { RunAction } from './root-program.js';

/**
 * `ask` and `route`, declared once for both programs: the full CLI's and the hot path's (hot-main.ts), which
 * parses only these two and so loads no other command.
 */
export function declareAskAndRoute(program: Command, io: CliIO, run: RunAction, configOption: Option): void {
  program
    .command('ask')
    .description('ask a question; text piped on stdin is appended after a blank line')
    .argument('[prompt...]', 'the question')
    .option('-a, --agent <name>', 'use this agent (fallbacks still apply unless --no-fallback)')
    .option('-p, --persona <name>', 'persona: default, reviewer, explainer, or one of yours')
    .option('-m, --model <model>', 'model to request from the agent')
    .option('--json', 'print one JSON object with the answer, agent, attempts, usage')
    .option('--explain', 'print the ranked routing scores on stderr')
    .option('--timeout <duration>', 'per-attempt timeout, e.g. 30s')
    .option('--deadline <duration>', 'bound on the whole ask: retries, fallbacks and streaming, e.g. 8s')
    .addOption(
      new Option('--on-timeout <mode>', 'on a deadline overrun: fail (exit 5) or skip (warn, exit 0)').choices([
        'fail',
        'skip',
      ]),
    )
    .option('--no-fallback', 'do not try other agents when the chosen one fails')
    .option('--no-stdin', 'do not read stdin even when it is not a terminal')
    .option('--no-cache', 'neither read nor write the answer cache')
    .option('--refresh', 'ask upstream even when cached, then cache the new answer')
    .option('-q, --quiet', 'only the answer; no hints or warnings')
    .option('-v, --verbose', 'debug logging on stderr')
    .option(
      '--batch',
      'read JSONL {id, query, agent?} on stdin; write one JSONL result per item (exit 1 if any failed)',
    )
    .option('--ordered', 'with --batch: results in input order (default: as they complete)')
    .option('--concurrency <n>', 'with --batch: asks in flight at once (default 4)')
    .option('-c, --continue', 'continue the last conversation (needs history.enabled: true)')
    .option('--cid <id>', 'continue this conversation (see payready history list)')
    .addOption(configOption)
    .action((words: string[], options) =>
      run(async () => (await import('../commands/ask.js')).ask(words, options, io)),
    );

  program
    .command('route')
    .description('show which agent would answer, without asking it')
    .argument('[prompt...]', 'the question')
    .option('--json', 'print the decision with every agent score as JSON')
    .option('--explain', 'print the ranked scores and their reasons on stderr')
    .option('--batch', 'read JSONL objects with a "query" field on stdin; write one decision per line')
    .option('--correct <agent>', 'record that the last routed query should have gone to <agent>')
    .option('-a, --agent <name>', 'force an agent (to check it exists)')
    .option('--no-stdin', 'do not read stdin even when it is not a terminal')
    .addOption(configOption)
    .action((words: string[], options) =>
      run(async () => {
        if (options.correct)
          return (await import('../commands/route-correct.js')).routeCorrect({ agent: options.correct }, io);
        return (await import('../commands/route.js')).routeCommand(words, options, io);
      }),
    );
}
