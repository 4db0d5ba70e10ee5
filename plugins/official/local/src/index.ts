import type { RegisterPlugins } from '@payready/agent-contract';
import { createLocalPlugin } from './local-plugin.js';

export { createLocalPlugin, resolveKbRoots } from './local-plugin.js';
export type { LocalSettings } from './local-plugin.js';

export const registerPlugins: RegisterPlugins = (register) => {
  register(createLocalPlugin());
};
