import { loadConfig, renderConfigYaml } from '@payready/shared/config';
import type { CliIO } from '../../cli-io.js';
import { configLoadOptions } from './config-load-options.js';

export interface ConfigShowOptions {
  /** Say where each value came from. */
  origin?: boolean;
  json?: boolean;
  /** `--config FILE` */
  config?: string;
}

/** `payready config show`: the effective configuration as YAML (or JSON). A bad config throws ConfigError. */
export async function configShow(options: ConfigShowOptions, io: CliIO): Promise<number> {
  const loaded = await loadConfig(configLoadOptions(io, options.config));
  if (options.json) {
    const body = options.origin ? { config: loaded.config, origins: loaded.origins } : loaded.config;
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    io.stdout.write(await renderConfigYaml(loaded, { origins: Boolean(options.origin) }));
  }
  return 0;
}
