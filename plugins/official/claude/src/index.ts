import type { RegisterPlugins } from '@payready/agent-contract';
import { createClaudePlugin } from './claude-plugin.js';

export { createClaudePlugin } from './claude-plugin.js';

/** Official plugins register exactly like community ones. */
export const registerPlugins: RegisterPlugins = (register) => {
  register(createClaudePlugin());
};
