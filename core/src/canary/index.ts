export { canaryBucket, canarySide, canaryText, CANARY_BUCKETS } from './canary-split.js';
export type { Variant } from './canary-split.js';
export { canarySides, agentOnSide } from './canary-sides.js';
export type { VariantOf } from './canary-sides.js';
export { canaryOf, canaryEndpointKey, canaryPromotion, canarySettings, isRemoteAgent } from './canary-settings.js';
export type { CanarySettings } from './canary-settings.js';
export { canaryAgent } from './canary-agent.js';
