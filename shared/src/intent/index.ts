export { scoreIntent, prepareIntent, intentModelReady, resetIntent, INTENT_LABELS } from './score-intent.js';
export type { IntentLabel, IntentScores, PrepareIntentOptions } from './score-intent.js';
export { isIntentLabel } from './labels.js';
export { evaluateRouting, predictedLabel } from './evaluate.js';
export type { RoutingMetrics, LabelMetrics, ScoredItem } from './evaluate.js';
export { recordLastRoute, readLastRoute, appendCorrection, readCorrections, CorrectionIndex } from './feedback.js';
export type { LastRoute, Correction } from './feedback.js';
export { loadRouterModel } from './load-model.js';
export { prepareAgentIntent } from './prepare-agent-intent.js';
