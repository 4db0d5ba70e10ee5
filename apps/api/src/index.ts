// @payready/api: the HTTP service behind `payready serve`. Loaded only by that command (fastify is heavy).
export { startApiServer } from './start-api-server.js';
export type { ApiServer, ApiServerOptions } from './start-api-server.js';
export { createApiApp } from './create-api-app.js';
export type { CreateApiAppOptions } from './create-api-app.js';
export type { ApiContext, ServingState } from './api-context.js';
export { createServerLogger } from './server-logger.js';
export { isLoopback } from './bind-policy.js';
export { registerWithConsul } from './consul-registration.js';
export { runClusterPrimary } from './cluster/run-cluster-primary.js';
export type { ClusterPrimaryOptions } from './cluster/run-cluster-primary.js';
export { PrimaryChannel } from './cluster/primary-channel.js';
