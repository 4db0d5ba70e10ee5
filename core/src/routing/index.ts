export { route } from './route.js';
export type { RouteOptions } from './route.js';
export { fallbackChain } from './fallback-chain.js';
export type { RankedAgent, RouteDecision } from './route-decision.js';
export { decisionJson, agentsJson } from './decision-json.js';
export type { AgentRow } from './decision-json.js';
