import type { IntentLabel } from './labels.js';

/**
 * Explicit strong signals: patterns whose meaning does not depend on a dataset's phrasing (a stack trace is
 * a stack trace whoever wrote the question). The trained model consumes them either as features or as a
 * fitted logit prior; `signalMode` in the model file says which, chosen by leave-one-source-out accuracy.
 */
export interface SignalDefinition {
  readonly id: string;
  readonly label: IntentLabel;
  /** What `--explain` prints. */
  readonly description: string;
  readonly pattern: RegExp;
  /**
   * A cheap test that every text `pattern` matches passes; texts that fail it are not scanned. Worth it
   * where the pattern is slow to fail (tried at every position) and the test rarely passes.
   */
  readonly mayMatch?: (text: string) => boolean;
}

const CODE_FILE_EXTENSIONS =
  'tsx?|jsx?|mjs|cjs|py|rs|go|java|kt|c|h|cc|cpp|hpp|cs|rb|php|sh|bash|zsh|ps1|json|ya?ml|toml|ini|cfg|conf|sql|lock|css|scss|vue|svelte|swift|gradle|xml|env|log|csv|txt|md|lua|dart|ex|exs|tf';

export const SIGNALS: readonly SignalDefinition[] = [
  { id: 'code-fence', label: 'codex', description: 'code fence', pattern: /```|~~~/ },
  {
    id: 'diff',
    label: 'codex',
    description: 'diff',
    pattern:
      /^diff --git |^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@|^(?:---|\+\+\+) [ab]\/|^index [0-9a-f]{7,}\.\.[0-9a-f]{7,}/m,
  },
  {
    id: 'stack-trace',
    label: 'codex',
    description: 'error output or stack trace',
    pattern:
      /^\s+at \S.*[:(]\d+(?::\d+)?\)?\s*$|Traceback \(most recent call last\)|^\s*File "[^"]+", line \d+|\bpanicked at\b|\b[A-Z]\w*(?:Error|Exception)\b|\bE(?:NOENT|ACCES|ADDRINUSE|CONNREFUSED|PERM|NOSPC|TIMEDOUT|RESOLVE|LIFECYCLE)\b|\berror(?:\[E\d{4}\]| TS\d{4})|npm ERR!|segmentation fault|core dumped|\bexit (?:code|status) \d+/m,
  },
  {
    id: 'file-path',
    label: 'codex',
    description: 'file path',
    pattern: new RegExp(
      `(?:^|[\\s'"\`(=])(?:~|\\.{1,2})?/(?:[\\w.@-]+/)*[\\w.@-]*\\w|\\b[\\w-]+\\.(?:${CODE_FILE_EXTENSIONS})\\b`,
    ),
    // A path needs a '/', a file name a '.' before its (lower-case) extension; most queries end in '.', not '.x'.
    mayMatch: (text) => text.includes('/') || /\.[a-z]/.test(text),
  },
  {
    id: 'code-syntax',
    label: 'codex',
    description: 'code syntax',
    pattern:
      /=>|\)\s*\{|\bdef \w+\(|#include\s*<|\bconsole\.\w+\(|\bimport [\w{}, *]+ from\b|\bfunction\s*\w*\s*\(|\b(?:const|let|var)\s+\w+\s*=|\w\(\)\s*;|\bSELECT\b[\s\S]*\bFROM\b|\$\(\w|\|\s*(?:grep|awk|sed|xargs|sort|uniq|wc|head|tail|jq)\b|^\s*\$ \w|\b(?:git|npm|pnpm|yarn|pip|cargo|kubectl|docker|make|go|gcc|tsc|node) (?:add|build|commit|install|push|pull|rebase|run|test|apply|checkout|merge|exec)\b/m,
  },
  {
    id: 'recency',
    label: 'web',
    description: 'recency word',
    pattern:
      /\b(?:latest|newest|current(?:ly)?(?! (?:directory|dir|folder|working|branch|user|file|line|process|shell|path|commit|project|repo|date and time|time))|today(?:'s)?|tonight|yesterday|right now|at the moment|as of now|these days|this (?:week|weekend|month|year|season|morning)|last (?:night|week|weekend)|so far this|upcoming|next (?:episode|season|game|match|race|election|launch|release))\b/i,
  },
  {
    id: 'site-operation',
    label: 'agno',
    description: 'website operation',
    pattern:
      /\b(?:add (?:[\w-]+ ){0,4}to (?:my |the |your |a )?(?:cart|basket|bag|wishlist|watch ?later|playlist|favou?rites|shelf)|(?:proceed to|complete the|on the) (?:online )?check ?out|book (?:a|an|me|the|two|\d+|\w+ tickets?)\b|make a reservation|reserve (?:a|an|two|\d+|the|me)\b|sign (?:me )?up for|fill (?:in|out) the|submit the (?:form|application)|navigate to|go to (?:the )?[\w.-]+\.(?:com|org|net|io|gov|co\.uk)\b|on (?:the )?[\w.&-]+ (?:website|site|web ?page|portal)|on [\w-]+\.(?:com|org|net|io)\b|click (?:on )?the|sort (?:them |it )?by|filter (?:them |it )?by|unsubscribe me|enroll in|register for|place an order)/i,
  },
];

/** A year within a year of "now" (the reference year) reads as a question about the present. */
export const NEAR_YEAR_SIGNAL: SignalDefinition = {
  id: 'near-year',
  label: 'web',
  description: 'near-term year',
  pattern: /\b(?:19|20)\d\d\b/g,
};

export interface SignalHit {
  readonly signal: SignalDefinition;
  readonly match: string;
}

/** Signals look at the raw text (case and layout matter for diffs and traces); long inputs are cut for speed. */
export const SIGNAL_SCAN_CHARS = 8_000;

/**
 * `referenceYear` is the year the query is asked in: the current year at runtime, and a fixed year when
 * training on data collected in the past, so the signal means the same thing in both. `only` restricts the
 * scan to some signals (a prior-mode model needs only those with a non-zero prior).
 */
export function detectSignals(text: string, referenceYear: number, only?: ReadonlySet<string>): SignalHit[] {
  const scanned = text.length > SIGNAL_SCAN_CHARS ? text.slice(0, SIGNAL_SCAN_CHARS) : text;
  const hits: SignalHit[] = [];
  for (const signal of SIGNALS) {
    if (only && !only.has(signal.id)) continue;
    if (signal.mayMatch && !signal.mayMatch(scanned)) continue;
    const found = signal.pattern.exec(scanned);
    if (found) hits.push({ signal, match: found[0].trim().slice(0, 32) });
  }
  if (only && !only.has(NEAR_YEAR_SIGNAL.id)) return hits;
  const years = NEAR_YEAR_SIGNAL.pattern;
  years.lastIndex = 0;
  for (let found = years.exec(scanned); found; found = years.exec(scanned)) {
    if (Math.abs(Number(found[0]) - referenceYear) <= 1) {
      hits.push({ signal: NEAR_YEAR_SIGNAL, match: found[0] });
      break;
    }
  }
  return hits;
}

/** Every signal id, in a fixed order (the model file keys its priors by these). */
export const SIGNAL_IDS: readonly string[] = [...SIGNALS.map((signal) => signal.id), NEAR_YEAR_SIGNAL.id];

/** The label each signal points to, by id. */
export const SIGNAL_LABEL: Readonly<Record<string, IntentLabel>> = Object.fromEntries(
  [...SIGNALS, NEAR_YEAR_SIGNAL].map((signal) => [signal.id, signal.label]),
);
