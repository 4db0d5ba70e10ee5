/**
 * Intent scores for the four remote agents, shared by their plugins' canHandle so the query is analysed
 * once per routing decision, not once per plugin.
 *
 * Usage: the router calls `await prepareIntent({ stateDir })` once (it loads the trained model and the
 * user's corrections), then `scoreIntent(text)` synchronously per decision. Until `prepareIntent` has
 * resolved, `scoreIntent` answers with the keyword baseline, so nothing ever waits on the model.
 */
import { CorrectionIndex, readCorrections } from './feedback.js';
import { scoreKeywordBaseline } from './keyword-baseline.js';
import type { IntentScores } from './labels.js';
import { loadRouterModel } from './load-model.js';
import { scoreWithModel } from './model.js';
import type { RouterModel } from './model.js';

export { INTENT_LABELS } from './labels.js';
export type { IntentLabel, IntentScores } from './labels.js';

let model: RouterModel | undefined;
let loading: Promise<RouterModel> | undefined;
let corrections = new CorrectionIndex([]);
let lastText: string | undefined;
let lastScores: IntentScores | undefined;

export interface PrepareIntentOptions {
  /** `$XDG_STATE_HOME/payready`: where `route --correct` keeps corrections. Omit to use none. */
  stateDir?: string;
  /** A model file to use instead of the shipped one (evaluating a candidate). */
  modelPath?: string;
}

/**
 * Loads the model (once per process; concurrent calls share the load) and the corrections (on every call,
 * so a long-running server picks up new ones). Rejects if the model file is unreadable; `scoreIntent` then
 * keeps using the keyword baseline.
 */
export async function prepareIntent(options: PrepareIntentOptions = {}): Promise<void> {
  if (options.modelPath !== undefined) {
    model = await loadRouterModel(options.modelPath);
  } else if (!model) {
    loading ??= loadRouterModel();
    try {
      model = await loading;
    } finally {
      loading = undefined;
    }
  }
  corrections = new CorrectionIndex(options.stateDir ? readCorrections(options.stateDir) : []);
  lastText = undefined;
}

/** Whether `scoreIntent` is using the trained model (true) or the keyword baseline (false). */
export function intentModelReady(): boolean {
  return model !== undefined;
}

/** Forgets the loaded model and corrections (tests; a server reloading after a retrain). */
export function resetIntent(): void {
  model = undefined;
  corrections = new CorrectionIndex([]);
  lastText = undefined;
}

export function scoreIntent(text: string): IntentScores {
  if (text === lastText && lastScores) return lastScores;
  const scores = model ? scoreWithModel(model, text, { priors: corrections.priors(text) }) : scoreKeywordBaseline(text);
  lastText = text;
  lastScores = scores;
  return scores;
}
