import { errorKindOf, ExitCode, PayReadyError } from '@payready/shared';

/** One input line: `{id, query, agent?}`. */
export interface BatchItem {
  /** 1-based line number in the input. */
  line: number;
  id: unknown;
  query: string;
  agent?: string;
}

const KIND_OF_EXIT: Record<number, string> = {
  [ExitCode.failed]: 'failed',
  [ExitCode.usage]: 'usage',
  [ExitCode.noCredentials]: 'no_credentials',
  [ExitCode.rateLimited]: 'rate_limited',
  [ExitCode.deadline]: 'deadline',
  [ExitCode.interrupted]: 'interrupted',
};

/** A line that is not a usable item: its result says why, and the batch goes on. */
export class BatchLineError extends PayReadyError {
  constructor(
    readonly line: number,
    readonly id: unknown,
    message: string,
  ) {
    super(`line ${line}: ${message}`, { exitCode: ExitCode.usage, name: 'BatchLineError' });
  }
}

export function parseBatchLine(text: string, line: number): BatchItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BatchLineError(line, null, `not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BatchLineError(line, null, 'not a JSON object');
  const item = value as { id?: unknown; query?: unknown; agent?: unknown };
  const id = item.id ?? null;
  if (typeof item.query !== 'string' || item.query.trim() === '')
    throw new BatchLineError(line, id, 'missing non-empty string field "query"');
  if (item.agent !== undefined && typeof item.agent !== 'string')
    throw new BatchLineError(line, id, '"agent" must be a string');
  return { line, id, query: item.query, ...(typeof item.agent === 'string' ? { agent: item.agent } : {}) };
}

/**
 * A failure as a result field: the message, what the exit code of a single `payready ask` would have been
 * (`exitCode` and its name, `kind`), and the last attempt's error kind.
 */
export function batchErrorJson(error: unknown): Record<string, unknown> {
  const exitCode = PayReadyError.isInstance(error) ? error.exitCode : ExitCode.failed;
  const message = error instanceof Error ? error.message : String(error);
  return { message, kind: KIND_OF_EXIT[exitCode] ?? 'failed', exitCode, errorKind: errorKindOf(error) };
}
