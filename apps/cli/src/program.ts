import { Command, Option } from 'commander';
import type { CliIO } from './cli-io.js';
import { VERSION } from './version.js';

type Action = () => Promise<number>;

const EXIT_CODES_HELP = `
Exit codes:
  0    answered
  1    every agent failed
  2    usage or configuration error
  3    no usable credentials for any candidate agent
  4    rate-limited after retries
  5    deadline exceeded (0 with --on-timeout=skip)
  130  interrupted (Ctrl-C)`;

/**
 * Declares every command. Each action imports its module only when it runs, so `payready --help` loads
 * commander and this file, nothing else.
 */
export function buildProgram(io: CliIO, run: (action: Action) => void): Command {
  const program = new Command('payready')
    .description('Ask AI backends from the terminal: routes each question to the agent that fits, streams, falls back, caches.')
    .version(VERSION, '-V, --version')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  const configOption = new Option('--config <file>', 'an extra config file, applied after .payready.yaml');

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
    .addOption(new Option('--on-timeout <mode>', 'on a deadline overrun: fail (exit 5) or skip (warn, exit 0)').choices(['fail', 'skip']))
    .option('--no-fallback', 'do not try other agents when the chosen one fails')
    .option('--no-stdin', 'do not read stdin even when it is not a terminal')
    .option('-q, --quiet', 'only the answer; no hints or warnings')
    .option('-v, --verbose', 'debug logging on stderr')
    .addOption(configOption)
    .action((words: string[], options) =>
      run(async () => (await import('./commands/ask.js')).ask(words, options, io)),
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
        if (options.correct) return (await import('./commands/route-correct.js')).routeCorrect({ agent: options.correct }, io);
        return (await import('./commands/route.js')).routeCommand(words, options, io);
      }),
    );

  program
    .command('agents')
    .description('list agents, whether they are usable, and how to enable them')
    .option('--json', 'as JSON')
    .addOption(configOption)
    .action((options) => run(async () => (await import('./commands/agents.js')).agentsCommand(options, io)));

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

  return program;
}
