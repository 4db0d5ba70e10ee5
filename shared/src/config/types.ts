import type { PayReadyConfig } from './schema.js';

/** Where a final config value came from: a file (with the line/column of its key), `env:PAYREADY_…`, a flag, or `default`. */
export interface Origin {
  source: string;
  line?: number;
  column?: number;
}

export interface LoadConfigOptions {
  /** Directory holding base.yaml and the per-environment files. */
  builtinDir: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** `--config FILE`: read after the project file, before the environment variables. */
  file?: string;
  /** Dotted key path → value, applied last; `source` names the flag, e.g. `--deadline`. */
  overrides?: Record<string, { value: unknown; source: string }>;
  /** Enables the compiled-config cache in this directory. */
  compiledCacheDir?: string;
}

export interface LoadedConfig {
  config: PayReadyConfig;
  /** Every leaf key path (dotted; arrays are leaves) → where its final value came from. */
  origins: Record<string, Origin>;
  /** Every file read, in the order applied (lowest precedence first), extends targets included. */
  files: string[];
}

/** A file's identity for cache validation; an absent file has mtimeMs and size -1. */
export interface FileStamp {
  path: string;
  mtimeMs: number;
  size: number;
}
