/** The four remote agents a query can be routed to; the order is the model file's column order. */
export const INTENT_LABELS = ['claude', 'codex', 'web', 'agno'] as const;
export type IntentLabel = (typeof INTENT_LABELS)[number];

export interface IntentScores {
  /** Calibrated probability per label; they sum to 1. */
  probabilities: Record<IntentLabel, number>;
  /** Top contributing features per label, for `--explain`. */
  reasons: Record<IntentLabel, string[]>;
}

export function isIntentLabel(value: string): value is IntentLabel {
  return (INTENT_LABELS as readonly string[]).includes(value);
}
