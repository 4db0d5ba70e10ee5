import { durationToMs, UsageError } from '@payready/shared';
import type { ConfigOverrides } from '../runtime/load-cli-config.js';

export interface AskCommandOptions {
  agent?: string;
  persona?: string;
  model?: string;
  json?: boolean;
  explain?: boolean;
  timeout?: string;
  deadline?: string;
  onTimeout?: string;
  fallback?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  stdin?: boolean;
  config?: string;
  /** false with `--no-cache`: the cache is neither read nor written. */
  cache?: boolean;
  /** `--refresh`: skip the cache read, write the new answer. */
  refresh?: boolean;
  /** `--batch`: JSONL items on stdin, JSONL results on stdout (ask-batch.ts). */
  batch?: boolean;
  /** `--ordered`: batch results in input order. */
  ordered?: boolean;
  /** `--concurrency N`: batch asks in flight at once. */
  concurrency?: string;
  /** `-c/--continue`: continue the last conversation. */
  continue?: boolean;
  /** `--cid ID`: continue this conversation. */
  cid?: string;
}

function checkedDuration(flag: string, value: string): string {
  try {
    durationToMs(value);
  } catch {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a duration`, {
      hint: `use e.g. ${flag} 8s, ${flag} 500ms, ${flag} 2m`,
    });
  }
  return value;
}

/** Flags that are config values become overrides, the last layer of the precedence chain. */
export function askOverrides(options: AskCommandOptions): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  if (options.timeout !== undefined) {
    overrides['routing.default_timeout'] = {
      value: checkedDuration('--timeout', options.timeout),
      source: '--timeout',
    };
  }
  if (options.deadline !== undefined) {
    overrides['routing.deadline'] = { value: checkedDuration('--deadline', options.deadline), source: '--deadline' };
  }
  if (options.fallback === false) overrides['routing.fallback'] = { value: false, source: '--no-fallback' };
  return overrides;
}

export function onTimeoutMode(value: string | undefined): 'fail' | 'skip' {
  if (value === undefined || value === 'fail') return 'fail';
  if (value === 'skip') return 'skip';
  throw new UsageError(`--on-timeout must be fail or skip, got ${JSON.stringify(value)}`);
}
