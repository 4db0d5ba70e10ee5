import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRequest, AgentSettings, ExecuteContext } from '@payready/agent-contract';

/**
 * A minimal ExecuteContext for driving a plugin directly in tests: `resolveKey` reads `env` only (no key
 * store), paths point into the OS temp dir, and every log line is kept in `logs`.
 */

export interface LogEntry {
  level: 'debug' | 'info' | 'warn';
  message: string;
  fields?: Record<string, unknown>;
}

export interface TestExecuteContextOptions {
  /** The agent's config section (`agents.<name>`). */
  settings?: AgentSettings;
  /** Environment the plugin sees; also where `resolveKey` looks. Default: `{}` (not process.env). */
  env?: Record<string, string | undefined>;
  /** Per-attempt timeout handed to the plugin. Default: 10 s. */
  timeoutMs?: number;
  /** Default: a signal that never aborts. */
  signal?: AbortSignal;
  delegate?: ExecuteContext['delegate'];
  /** ExecuteContext.stream; default: absent (stream). */
  stream?: boolean;
}

export type TestExecuteContext = ExecuteContext & { logs: LogEntry[] };

export function testExecuteContext(options: TestExecuteContextOptions = {}): TestExecuteContext {
  const env = options.env ?? {};
  const logs: LogEntry[] = [];
  const log = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
    logs.push(fields === undefined ? { level, message } : { level, message, fields });
  };
  const base = join(tmpdir(), 'payready-test');
  return {
    settings: options.settings ?? {},
    env,
    paths: {
      cacheDir: join(base, 'cache'),
      dataDir: join(base, 'data'),
      configDir: join(base, 'config'),
      stateDir: join(base, 'state'),
      cwd: process.cwd(),
    },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn') },
    resolveKey(names) {
      for (const name of names) {
        const value = env[name];
        if (value) return { value, source: `env:${name}` };
      }
      return undefined;
    },
    signal: options.signal ?? new AbortController().signal,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.delegate ? { delegate: options.delegate } : {}),
    ...(options.stream === undefined ? {} : { stream: options.stream }),
    logs,
  };
}

/** A plain request: `text` as the user message, the default persona. */
export function testAgentRequest(text: string, overrides: Partial<AgentRequest> = {}): AgentRequest {
  return { text, persona: { name: 'default' }, ...overrides };
}
