import { INTENT_LABELS } from './labels.js';
import type { IntentLabel, IntentScores } from './labels.js';

/**
 * The keyword baseline of the spine. `scoreIntent` falls back to it until `prepareIntent()` has loaded the
 * trained model (or if loading failed), so routing never blocks on the model.
 */
const KEYWORDS: Record<IntentLabel, RegExp[]> = {
  codex: [
    /```/,
    /^diff --git /m,
    /^@@ .* @@/m,
    /\b(function|class|refactor|bug|stack trace|compile|regex|typescript|javascript|python|rust|golang|sql|bash|shell|git|npm|docker|code|script|unit tests?|api endpoint)\b/i,
    /\b[\w-]+\.(ts|js|py|rs|go|java|c|cpp|sh|json|ya?ml)\b/,
  ],
  web: [
    /\b(latest|today|yesterday|this week|current(ly)?|news|price of|stock|weather|score|who won|release(d)? (date|notes)|20[2-9]\d)\b/i,
  ],
  agno: [/\b(book|reserve|add to cart|fill (in|out) (the )?form|navigate to|on the website|checkout|sign up for)\b/i],
  claude: [
    /\b(explain|why|write an? (essay|poem|story|email)|summari[sz]e|compare|advice|should i|what is the difference)\b/i,
  ],
};

export function scoreKeywordBaseline(text: string): IntentScores {
  const raw: Record<IntentLabel, number> = { claude: 1, codex: 0.5, web: 0.5, agno: 0.25 };
  const reasons: Record<IntentLabel, string[]> = { claude: [], codex: [], web: [], agno: [] };
  for (const label of INTENT_LABELS) {
    for (const pattern of KEYWORDS[label]) {
      const match = pattern.exec(text);
      if (match) {
        raw[label] += 3;
        reasons[label].push(`matched "${match[0].slice(0, 24)}"`);
      }
    }
  }
  const total = INTENT_LABELS.reduce((sum, label) => sum + raw[label], 0);
  const probabilities = Object.fromEntries(INTENT_LABELS.map((label) => [label, raw[label] / total])) as Record<
    IntentLabel,
    number
  >;
  return { probabilities, reasons };
}
