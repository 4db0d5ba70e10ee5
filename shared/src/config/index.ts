// `@payready/shared/config`. Importing this costs no zod or yaml: those load on the first cache miss.
export { loadConfig } from './load-config.js';
export { validateConfigFile, inspectConfigFile } from './validate-config-file.js';
export { watchConfig } from './watch-config.js';
export type { WatchConfigOptions, ConfigWatcher } from './watch-config.js';
export { listConfigFiles } from './list-config-files.js';
export type { ConfigFileEntry } from './list-config-files.js';
export { renderConfigYaml } from './render-config-yaml.js';
export { editConfigFile, editConfigText } from './edit-config-file.js';
export type { MappingEdit } from './edit-config-file.js';
export { NON_CONFIG_ENV_VARS } from './config-sources.js';
export { durationToMs } from './duration.js';
export type { Origin, LoadConfigOptions, LoadedConfig } from './types.js';
export type { PayReadyConfig, PayReadyConfigInput } from './schema.js';
