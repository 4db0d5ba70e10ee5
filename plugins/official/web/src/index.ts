import type { RegisterPlugins } from '@payready/agent-contract';
import { createWebPlugin } from './web-plugin.js';

export { createWebPlugin } from './web-plugin.js';
export type { WebPluginOptions } from './web-plugin.js';
export type { SearchProvider, SearchResult, SearchOptions, ProviderName } from './search-provider.js';

export const registerPlugins: RegisterPlugins = (register) => {
  register(createWebPlugin());
};
