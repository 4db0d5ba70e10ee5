// Helpers for agents that talk to HTTP upstreams: reading retry-after, classifying transport failures,
// finding a CLI backend on PATH. One copy for every plugin (they may not import each other).
export { retryAfterMs } from './retry-after.js';
export type { HeaderReader } from './retry-after.js';
export {
  describeCause,
  isHeaderReader,
  isNetworkFailure,
  redactAgentError,
  redactSecrets,
  squeeze,
} from './error-details.js';
export { fastFetch } from './fast-fetch.js';
export { sdkLogger } from './sdk-logger.js';
export { modelListingVerdict } from './model-listing.js';
export { clientCache } from './client-cache.js';
export { findExecutable } from './find-executable.js';
export { runCliBackend } from './run-cli-backend.js';
export type { RunCliBackendInput } from './run-cli-backend.js';
