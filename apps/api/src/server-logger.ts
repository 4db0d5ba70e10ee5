import { createPinoLogger, type Logger, type LogLevel } from '@payready/shared';

/** The server's log: pino JSON lines (secrets scrubbed) behind the Logger interface core and plugins use. */
export async function createServerLogger(options: {
  level: LogLevel;
  destination?: { write(line: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
}): Promise<Logger> {
  const pino = await createPinoLogger({
    level: options.level,
    env: options.env,
    name: 'payready-serve',
    ...(options.destination ? { destination: options.destination } : {}),
  });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields) pino[level](fields, message);
      else pino[level](message);
    };
  return {
    level: options.level,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
