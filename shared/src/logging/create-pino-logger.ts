import type { Logger as PinoLogger } from 'pino';
import { cjsExports } from '../node/cjs-exports.js';
import type { LogLevel } from './stderr-logger.js';

export interface PinoLoggerOptions {
  level?: LogLevel;
  /** Where JSON lines go; default stdout (a server's log collector reads it). */
  destination?: { write(line: string): unknown };
  /** Known secret values to scrub wherever they appear; default every key the process knows (`processRedactor`). */
  secrets?: readonly (string | undefined)[];
  env?: Readonly<Record<string, string | undefined>>;
  /** Fields merged into every line, e.g. the current `trace_id` / `span_id`. */
  context?: () => Record<string, unknown> | undefined;
  /** Bound into every line as `name`. */
  name?: string;
}

/**
 * The server's logger: pino, loaded here on first use (never on the CLI's path), with credential-named
 * fields censored by path (`authorization`, `x-api-key`, `cookie`, … also in `headers`) and every known
 * secret value or credential-shaped string scrubbed from the finished line, wherever it sits.
 */
export async function createPinoLogger(options: PinoLoggerOptions = {}): Promise<PinoLogger> {
  const [pinoModule, { createRedactor, PINO_REDACT_PATHS, REDACTED, processRedactor }] = await Promise.all([
    import('pino'),
    import('../redact/index.js'),
  ]);
  const { pino } = cjsExports(pinoModule);
  // Without explicit secrets: every key the process knows, looked up per line, so a key resolved from the
  // store after the logger was made is scrubbed too.
  const env = options.env ?? process.env;
  const fixed = options.secrets ? createRedactor({ secrets: options.secrets }) : undefined;
  const redact = (line: string) => (fixed ?? processRedactor(env))(line);
  const target = options.destination ?? process.stdout;
  const context = options.context;
  return pino(
    {
      level: options.level ?? 'info',
      ...(options.name ? { name: options.name } : {}),
      redact: { paths: [...PINO_REDACT_PATHS], censor: REDACTED },
      ...(context ? { mixin: () => context() ?? {} } : {}),
    },
    { write: (line: string) => target.write(redact(line)) },
  );
}
