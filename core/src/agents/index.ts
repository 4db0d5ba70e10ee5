export { AgentRegistry } from './agent-registry.js';
export type { RegisteredAgent } from './agent-registry.js';
export { createRegistry } from './create-registry.js';
export type { CreateRegistryOptions, KeyResolver } from './create-registry.js';
export type { PluginLoadFailure } from './plugin-load-failure.js';
export { loadPlugins } from './load-plugins.js';
export { resolveCommunityPlugins } from './community-plugins.js';
export { checkAgents, HEALTH_TIMEOUT_MS } from './check-agents.js';
export type { AgentCheck, CheckAgentsOptions, KeyLookup } from './check-agents.js';
