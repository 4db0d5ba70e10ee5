import { Option, type Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { declareAskAndRoute } from './program/ask-route-commands.js';
import { configOption as configOptionFor, rootProgram, type RunAction } from './program/root-program.js';

/**
 * Declares every command. Each action imports its module only when it runs, so `payready --help` loads
 * commander and this file, nothing else.
 */
export function buildProgram(io: CliIO, run: RunAction): Command {
  const program = rootProgram(io);
  const configOption = configOptionFor();

  declareAskAndRoute(program, io, run, configOption);

  program
    .command('agents')
    .description('list agents, whether they are usable, and how to enable them')
    .option('--json', 'as JSON')
    .addOption(configOption)
    .action((options) => run(async () => (await import('./commands/agents.js')).agentsCommand(options, io)));

  program
    .command('doctor')
    .description('check every agent (key, base URL, model), Redis and the tracing endpoint; 2 s per check')
    .option('--json', 'print one JSON object')
    .option('--timeout <duration>', 'bound on each check, e.g. 5s (default 2s)')
    .addOption(configOption)
    .addHelpText(
      'after',
      `
Key values are never printed, only where each key came from (e.g. env:ANTHROPIC_API_KEY, store:anthropic).

Exit codes:
  0    every enabled agent is usable (available, and its health check passed)
  1    at least one enabled agent is not (or none is enabled); Redis and tracing
       problems are reported but do not change the exit code
  2    usage or configuration error`,
    )
    .action((options) => run(async () => (await import('./commands/doctor.js')).doctorCommand(options, io)));

  const config = program.command('config').description('show, check and locate configuration');
  config
    .command('show')
    .description('print the effective configuration')
    .option('--origin', 'say where each value came from (file:line, env, flag, default)')
    .option('--json', 'as JSON')
    .addOption(configOption)
    .action((options) => run(async () => (await import('./commands/config/show.js')).configShow(options, io)));
  config
    .command('validate')
    .description('check a config file (or the whole effective chain)')
    .argument('[file]', 'the file to check')
    .action((file: string | undefined) =>
      run(async () => (await import('./commands/config/validate.js')).configValidate(file ? { file } : {}, io)),
    );
  config
    .command('path')
    .description('list the config files payready reads, in precedence order')
    .action(() => run(async () => (await import('./commands/config/path.js')).configPath({}, io)));

  const keys = program.command('keys').description('manage API keys in the encrypted key store');
  keys
    .command('set')
    .description('store a key (prompted on a terminal, else read from stdin; never from arguments)')
    .argument('<name>', 'e.g. anthropic, openai, brave, tavily')
    .action((name: string) => run(async () => (await import('./commands/keys/set.js')).keysSet({ name }, io)));
  keys
    .command('list')
    .description('list keys and where each comes from (values are masked)')
    .option('--json', 'as JSON')
    .action((options) => run(async () => (await import('./commands/keys/list.js')).keysList(options, io)));
  keys
    .command('rm')
    .description('remove a key from the store')
    .argument('<name>')
    .action((name: string) => run(async () => (await import('./commands/keys/rm.js')).keysRm({ name }, io)));
  keys
    .command('rotate')
    .description('new master key; every entry re-encrypted atomically')
    .action(() => run(async () => (await import('./commands/keys/rotate.js')).keysRotate({}, io)));

  const cache = program.command('cache').description('inspect and clear the answer cache (memory → Redis → disk)');
  cache
    .command('stats')
    .description('entries and bytes per level, hits per level and the hit ratio')
    .option('--json', 'as JSON')
    .addOption(configOption)
    .action((options) => run(async () => (await import('./commands/cache/stats.js')).cacheStats(options, io)));
  cache
    .command('clear')
    .description('delete cached answers (every level, or one)')
    .addOption(new Option('--level <level>', 'only this level').choices(['memory', 'redis', 'disk']))
    .addOption(configOption)
    .action((options) => run(async () => (await import('./commands/cache/clear.js')).cacheClear(options, io)));
  cache
    .command('path')
    .description('print the directory of the disk cache')
    .action(() => run(async () => (await import('./commands/cache/path.js')).cachePath({}, io)));

  program
    .command('stats')
    .description('per agent: requests, error rate, p50/p95 latency, cache hits, fallbacks, tokens (from the usage log)')
    .option('--since <window>', 'only asks in this window: 30m, 12h, 7d, 2w, or a date')
    .option('--json', 'as JSON')
    .action((options) => run(async () => (await import('./commands/stats.js')).statsCommand(options, io)));

  const canary = program
    .command('canary')
    .description("compare, promote or roll back an agent's canary (agents.<name>.canary: {model | endpoint, percent})");
  canary
    .command('status')
    .description('stable against canary per agent from the usage log: requests, error rate, p50/p95 latency')
    .option('-a, --agent <name>', 'only this agent (also one whose canary was rolled back)')
    .option('--since <window>', 'only asks in this window: 30m, 12h, 7d, 2w, or a date')
    .option('--json', 'as JSON')
    .addOption(configOption)
    .action((options) => run(async () => (await import('./commands/canary/status.js')).canaryStatus(options, io)));
  canary
    .command('promote')
    .description("make the canary's model/endpoint the agent's and remove the canary, in the file that defines it")
    .argument('<agent>')
    .addOption(configOption)
    .action((agent: string, options) =>
      run(async () => (await import('./commands/canary/promote.js')).canaryPromote(agent, options, io)),
    );
  canary
    .command('rollback')
    .description('remove the canary from the file that defines it; all traffic goes to the stable side')
    .argument('<agent>')
    .addOption(configOption)
    .action((agent: string, options) =>
      run(async () => (await import('./commands/canary/rollback.js')).canaryRollback(agent, options, io)),
    );
  canary
    .command('set')
    .description("change the canary's share of the agent's queries, in the file that defines it")
    .argument('<agent>')
    .requiredOption('--percent <n>', 'share of queries sent to the canary, 0..100')
    .addOption(configOption)
    .action((agent: string, options) =>
      run(async () => (await import('./commands/canary/set-percent.js')).canarySetPercent(agent, options, io)),
    );

  program
    .command('serve')
    .description(
      'run the HTTP service: /v1/ask, /v1/route, /v1/agents, OpenAI-compatible /v1/chat/completions, /health, /ready, /metrics',
    )
    .option('--host <host>', 'address to bind (default server.host, 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default server.port, 8000; 0 picks a free one)')
    .option('--insecure', 'allow binding beyond loopback without bearer tokens')
    .option('--workers <n>', 'processes sharing the port: a number, or auto for one per CPU (default 1)')
    .option('-q, --quiet', 'log errors only')
    .option('-v, --verbose', 'debug logging')
    .addOption(configOption)
    .action((options) => run(async () => (await import('./commands/serve.js')).serveCommand(options, io)));

  program
    .command('eval')
    .description('measure payready against labelled data')
    .command('routing')
    .description('routing accuracy, macro-F1, confusion matrix and calibration on a JSONL file ({query, label})')
    .argument('<file>')
    .option('--json', 'as JSON')
    .action((file: string, options) =>
      run(async () => (await import('./commands/eval-routing.js')).evalRouting({ file, ...options }, io)),
    );

  program
    .command('review')
    .description(
      'review a change: findings (severity, file, line, message) from the reviewer persona; exit 6 at or above --fail-on',
    )
    .argument('[files...]', 'review these files against HEAD (default: the staged changes, else the unstaged ones)')
    .option('--staged', 'review the staged changes')
    .option('--range <a..b>', 'review a commit range, e.g. main..HEAD')
    .addOption(
      new Option('--fail-on <severity>', 'exit 6 when a finding is at or above this severity').choices([
        'info',
        'low',
        'medium',
        'high',
        'critical',
        'none',
      ]),
    )
    .option('--json', 'print the findings as one JSON object')
    .addOption(
      new Option('--format <format>', 'text (grouped by file), json, or github (workflow annotations)').choices([
        'text',
        'json',
        'github',
      ]),
    )
    .option('--max-bytes <size>', 'cap on the diff sent, e.g. 200k (default 100k); the rest is listed as not reviewed')
    .option('-a, --agent <name>', 'use this agent')
    .option('-p, --persona <name>', 'persona (default: reviewer)')
    .option('-m, --model <model>', 'model to request from the agent')
    .option('--timeout <duration>', 'per-attempt timeout, e.g. 30s')
    .option('--deadline <duration>', 'bound on the whole review, e.g. 20s')
    .addOption(
      new Option('--on-timeout <mode>', 'on a deadline overrun: fail (exit 5) or skip (warn, exit 0)').choices([
        'fail',
        'skip',
      ]),
    )
    .option('--no-fallback', 'do not try other agents when the chosen one fails')
    .option('--no-cache', 'neither read nor write the answer cache')
    .option('-q, --quiet', 'only the findings; no notes on stderr')
    .option('-v, --verbose', 'debug logging on stderr')
    .addOption(configOption)
    .action((files: string[], options) =>
      run(async () => (await import('./commands/review/review.js')).review(files, options, io)),
    );

  const hook = program.command('hook').description('git hooks that review each commit or push with payready review');
  for (const [name, description] of [
    ['install', 'install the hook (default pre-commit); an existing hook of yours is kept and runs first'],
    ['uninstall', "remove payready's hooks and put yours back"],
  ] as const) {
    const command = hook
      .command(name)
      .description(description)
      .option('--pre-commit', 'the pre-commit hook (reviews the staged changes)')
      .option('--pre-push', 'the pre-push hook (reviews the pushed commits)');
    if (name === 'install') {
      command
        .option(
          '--deadline <duration>',
          'longest the hook may take; past it the commit goes through unreviewed (default 20s)',
        )
        .addOption(
          new Option('--fail-on <severity>', 'block at or above this severity (default high)').choices([
            'info',
            'low',
            'medium',
            'high',
            'critical',
            'none',
          ]),
        )
        .option('-a, --agent <name>', 'review with this agent');
    }
    command.action((options) =>
      run(async () =>
        name === 'install'
          ? (await import('./commands/hook/hook-install.js')).hookInstall(options, io)
          : (await import('./commands/hook/hook-uninstall.js')).hookUninstall(options, io),
      ),
    );
  }

  const history = program.command('history').description('stored conversations (only with history.enabled: true)');
  const historyModule = () => import('./commands/history/history.js');
  history
    .command('list')
    .description('conversations, most recent first')
    .option('--json', 'as JSONL')
    .addOption(configOption)
    .action((options) => run(async () => (await historyModule()).historyList(options, io)));
  history
    .command('show')
    .description('every turn of a conversation')
    .argument('<id>')
    .option('--json', 'as JSON')
    .addOption(configOption)
    .action((id: string, options) => run(async () => (await historyModule()).historyShow(id, options, io)));
  history
    .command('search')
    .description('find text in questions and answers')
    .argument('<text>')
    .option('--json', 'as JSONL')
    .addOption(configOption)
    .action((text: string, options) => run(async () => (await historyModule()).historySearch(text, options, io)));
  history
    .command('rm')
    .description('delete a conversation')
    .argument('<id>')
    .addOption(configOption)
    .action((id: string, options) => run(async () => (await historyModule()).historyRm(id, options, io)));
  history
    .command('export')
    .description('every turn as JSONL on stdout')
    .addOption(configOption)
    .action((options) => run(async () => (await historyModule()).historyExport(options, io)));

  return program;
}
