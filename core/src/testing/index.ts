export { createMockAgentPlugin } from './mock-agent-plugin.js';
export type { MockAgentOptions, MockAgentPlugin, MockStep } from './mock-agent-plugin.js';
export { createMockRegistry } from './mock-registry.js';
export { testConfig } from './test-config.js';
