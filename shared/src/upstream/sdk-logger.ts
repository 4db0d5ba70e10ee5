import type { AgentLogger } from '@payready/agent-contract';

/**
 * A logger for a provider SDK, which speaks `console`: its debug and info would reach stdout, which carries
 * answers only. Its own error lines (e.g. JSON it could not parse) are debug here: the error itself reaches the
 * executor, which reports it once.
 */
export function sdkLogger(logger: AgentLogger, sdk: string) {
  const forward =
    (level: 'debug' | 'warn') =>
    (message: string, ...rest: unknown[]) =>
      logger[level](`${sdk}: ${message}`, rest.length === 0 ? undefined : { details: rest.map(String) });
  return { error: forward('debug'), warn: forward('warn'), info: forward('debug'), debug: forward('debug') };
}
