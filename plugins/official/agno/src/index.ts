import type { RegisterPlugins } from '@payready/agent-contract';
import { createAgnoPlugin } from './agno-plugin.js';

export { createAgnoPlugin, agnoMessage } from './agno-plugin.js';
export type { AgnoClient, AgnoClientOptions, AgnoRunOptions } from './agno-client.js';

export const registerPlugins: RegisterPlugins = (register) => {
  register(createAgnoPlugin());
};
