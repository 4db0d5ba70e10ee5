import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One line of `$XDG_STATE_HOME/payready/usage.jsonl`: one ask. No prompt text unless `log_prompts`. */
export interface UsageRecord {
  /** When the ask started, ISO 8601. */
  time: string;
  /** The agent that answered (or the last one tried). */
  agent: string | null;
  model: string | null;
  status: 'ok' | 'error';
  /** AgentErrorKind, `deadline`, `interrupted` or `error`; null when answered. */
  error: string | null;
  ms: number;
  /** The cache level that answered (memory, redis, disk), or null. */
  cache: string | null;
  input_tokens: number;
  output_tokens: number;
  /** How many times the executor moved on to another agent. */
  fallbacks: number;
  /** The side of `agent`'s canary split: stable | canary (absent in lines written before canaries). */
  variant?: string;
  /** The agent the router chose, and the side of its split: what `payready canary status` compares. */
  chosen?: string | null;
  chosen_variant?: string;
  prompt?: string;
}

export const USAGE_LOG_NAME = 'usage.jsonl';

export function usageLogPath(stateDir: string): string {
  return join(stateDir, USAGE_LOG_NAME);
}

/**
 * Appends one record, rotating first when the line would take the file past `maxBytes` (the old file
 * becomes `usage.jsonl.1`, replacing the previous one). An append rather than writeFileAtomic: rewriting
 * the whole log per ask would cost O(log size), and one O_APPEND write of a short line never interleaves
 * with another process's line.
 */
export function appendUsageRecord(options: { stateDir: string; record: UsageRecord; maxBytes: number }): void {
  const path = usageLogPath(options.stateDir);
  const line = `${JSON.stringify(options.record)}\n`;
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // No log yet.
  }
  if (size > 0 && size + Buffer.byteLength(line) > options.maxBytes) renameSync(path, `${path}.1`);
  appendFileSync(path, line, { mode: 0o600 });
}
