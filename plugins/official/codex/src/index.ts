import type { RegisterPlugins } from '@payready/agent-contract';
import { createCodexPlugin } from './codex-plugin.js';

export { createCodexPlugin } from './codex-plugin.js';

/** Official plugins register exactly like community ones. */
export const registerPlugins: RegisterPlugins = (register) => {
  register(createCodexPlugin());
};
