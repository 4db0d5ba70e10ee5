export { scoreIntent, INTENT_LABELS } from './score-intent.js';
export type { IntentLabel, IntentScores } from './score-intent.js';
