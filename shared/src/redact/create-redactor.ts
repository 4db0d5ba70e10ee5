import { PROVIDER_PATTERNS, patternSource } from './provider-patterns.js';
import { secretForms } from './secret-forms.js';

export const REDACTED = '[REDACTED]';

/** One stretch of text to replace: `[start, end)` becomes `replacement`. */
export interface RedactionSpan {
  start: number;
  end: number;
  replacement: string;
}

export interface Redactor {
  (text: string): string;
  /** Where the redactor would replace text, left to right, non-overlapping. For streaming redaction. */
  spans(text: string): RedactionSpan[];
  /** Length of the longest known secret spelling: how much a stream must hold back. */
  readonly longestForm: number;
}

export interface RedactorOptions {
  /** Known secret values (API keys, the master key). Empty, undefined and very short values are skipped. */
  secrets: readonly (string | undefined)[];
  /** Also redact credential-shaped text (provider key formats, auth headers). Default true. */
  patterns?: boolean;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Builds the redactor once per process (or per secret set): one combined RegExp of every spelling of every
 * secret, longest first, then the credential patterns. Scanning clean text is one regex pass.
 */
export function createRedactor(options: RedactorOptions): Redactor {
  const forms = [...new Set(options.secrets.flatMap((secret) => (secret ? secretForms(secret) : [])))].sort(
    (a, b) => b.length - a.length,
  );
  const literals = forms.map(escapeRegExp);
  const patterns = options.patterns === false ? [] : PROVIDER_PATTERNS.map(patternSource);
  const alternatives = [...literals, ...patterns];
  const combined = alternatives.length === 0 ? undefined : new RegExp(alternatives.join('|'), 'g');
  // Only consulted at the end of a match: does a known secret start inside it and run past its end?
  const sticky = literals.length === 0 ? undefined : new RegExp(literals.join('|'), 'y');

  const extendOverSecrets = (text: string, from: number, end: number): number => {
    if (!sticky) return end;
    let extended = end;
    for (let position = from; position < extended; position++) {
      sticky.lastIndex = position;
      if (sticky.test(text) && sticky.lastIndex > extended) extended = sticky.lastIndex;
    }
    return extended;
  };

  const spans = (text: string): RedactionSpan[] => {
    const found: RedactionSpan[] = [];
    if (!combined) return found;
    combined.lastIndex = 0;
    for (let match = combined.exec(text); match !== null; match = combined.exec(text)) {
      let kept = '';
      for (let group = 1; group < match.length; group++) {
        if (match[group] !== undefined) {
          kept = match[group]!;
          break;
        }
      }
      const start = match.index;
      const end = extendOverSecrets(text, start + kept.length, start + match[0].length);
      found.push({ start, end, replacement: kept + REDACTED });
      combined.lastIndex = end;
    }
    return found;
  };

  const redact = (text: string): string => {
    const found = spans(text);
    if (found.length === 0) return text;
    let output = '';
    let last = 0;
    for (const span of found) {
      output += text.slice(last, span.start) + span.replacement;
      last = span.end;
    }
    return output + text.slice(last);
  };

  return Object.assign(redact, { spans, longestForm: forms[0]?.length ?? 0 });
}
