import { isSeverity, SEVERITIES, type DiffSource, type Severity } from '@payready/core';
import { UsageError } from '@payready/shared';

export interface ReviewCommandOptions {
  staged?: boolean;
  range?: string;
  json?: boolean;
  format?: string;
  failOn?: string;
  maxBytes?: string;
  agent?: string;
  model?: string;
  persona?: string;
  timeout?: string;
  deadline?: string;
  onTimeout?: string;
  fallback?: boolean;
  cache?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  config?: string;
}

export type ReviewFormat = 'text' | 'json' | 'github';

/** 100 KB of diff is about 25k tokens: room for the instructions and the answer in every current model. */
export const DEFAULT_MAX_BYTES = 100 * 1024;

export function diffSource(files: readonly string[], options: ReviewCommandOptions): DiffSource {
  const chosen = [
    options.staged ? '--staged' : undefined,
    options.range !== undefined ? '--range' : undefined,
    files.length > 0 ? 'FILE…' : undefined,
  ].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be combined: review one of them`);
  if (options.staged) return { kind: 'staged' };
  if (options.range !== undefined) return { kind: 'range', range: options.range };
  if (files.length > 0) return { kind: 'files', files: [...files] };
  return { kind: 'auto' };
}

export function reviewFormat(options: ReviewCommandOptions): ReviewFormat {
  const format = options.format ?? (options.json ? 'json' : 'text');
  if (options.json && format !== 'json') throw new UsageError(`--json and --format ${format} cannot be combined`);
  if (format !== 'text' && format !== 'json' && format !== 'github')
    throw new UsageError(`--format must be text, json or github, got ${JSON.stringify(format)}`);
  return format;
}

/** `--fail-on`: the lowest severity that fails the review (exit 6); `none` (the default) never does. */
export function failOnSeverity(value: string | undefined): Severity | undefined {
  if (value === undefined || value === 'none') return undefined;
  const lower = value.toLowerCase();
  if (!isSeverity(lower))
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')} or none, got ${JSON.stringify(value)}`);
  return lower;
}

/** `--max-bytes 100000`, `200k`, `1m`. */
export function maxDiffBytes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BYTES;
  const match = /^(\d+)\s*([km]?)b?$/i.exec(value.trim());
  const bytes = match
    ? Number(match[1]) * (match[2]!.toLowerCase() === 'k' ? 1024 : match[2]!.toLowerCase() === 'm' ? 1024 * 1024 : 1)
    : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1024)
    throw new UsageError(`--max-bytes ${JSON.stringify(value)} is not a size of at least 1k`, {
      hint: 'e.g. --max-bytes 200k',
    });
  return bytes;
}
