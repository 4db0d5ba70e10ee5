import type { Writable } from 'node:stream';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

const RANK: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

export interface Logger {
  level: LogLevel;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The CLI's logger: one human-readable line per message on stderr (`payready: warn: …`), never stdout.
 * Deliberately tiny so a one-shot command pays nothing for logging; the server uses pino.
 * `scrub` removes secrets before anything is written.
 */
export function createStderrLogger(options: {
  level: LogLevel;
  stream: Writable;
  scrub?: (text: string) => string;
  /** Fields added to every line, e.g. the current `trace_id` / `span_id` when tracing is on. */
  context?: () => Record<string, unknown> | undefined;
}): Logger {
  const scrub = options.scrub ?? ((text: string) => text);
  const write = (level: LogLevel, message: string, own?: Record<string, unknown>) => {
    if (RANK[level] < RANK[logger.level]) return;
    const extra = options.context?.();
    const fields = extra ? { ...own, ...extra } : own;
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    options.stream.write(`${scrub(`payready: ${level}: ${message}${suffix}`)}\n`);
  };
  const logger: Logger = {
    level: options.level,
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
  return logger;
}
