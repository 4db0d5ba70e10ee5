export { ConsulClient, consulUrl } from './consul-client.js';
export type { ConsulClientOptions, ConsulInstance, ConsulRegistration } from './consul-client.js';
export { EndpointPool } from './endpoint-pool.js';
export type { EndpointPoolOptions, EndpointSource } from './endpoint-pool.js';
export { createRemoteAgentPlugin, REMOTE_TOKEN_KEYS } from './remote-agent.js';
export type { RemoteAgentOptions } from './remote-agent.js';
export { applyRemoteAgents } from './remote-agents.js';
export { sseEvents } from './sse-events.js';
export type { SseEvent } from './sse-events.js';
