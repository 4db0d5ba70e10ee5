export { AgentError, AGENT_ERROR_KINDS, isRetryableKind } from './agent-error.js';
export type { AgentErrorKind, AgentErrorOptions } from './agent-error.js';
export type { AgentEvent, TextDeltaEvent, UsageEvent, SourceEvent, DoneEvent } from './agent-event.js';
export { CONTRACT_VERSION } from './agent-plugin.js';
export type {
  AgentEnvironment,
  AgentLogger,
  AgentPaths,
  AgentPlugin,
  AgentRequest,
  AgentScore,
  AgentSettings,
  Availability,
  ChatMessage,
  ExecuteContext,
  HealthDetails,
  Persona,
  PluginApi,
  RegisterAgent,
  RegisterPlugins,
  RouteQuery,
} from './agent-plugin.js';
