import { createRedactor, REDACTED, secretsFromEnv, type Redactor } from '@payready/shared';

export interface MaskedText {
  text: string;
  /** How many secrets were replaced. */
  masked: number;
}

export interface SecretMaskerOptions {
  /** The environment whose credential-named variables (`*_API_KEY`, `*_TOKEN`, …) are masked wherever they appear. */
  env: Readonly<Record<string, string | undefined>>;
  /** More literal strings to mask (`security.redact`). */
  literals?: readonly string[];
}

/**
 * Credentials that show up in source code rather than in HTTP traffic, beyond the shared redactor's
 * provider formats and header/field patterns. Each keeps its context (the name, the quote) and replaces
 * the value.
 */
const CODE_PATTERNS: ReadonlyArray<{ pattern: RegExp; replace: (match: string, ...groups: string[]) => string }> = [
  // AWS access key ids; the secret key has no shape of its own and is caught by the assignment rule.
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => REDACTED },
  // Slack, Stripe live/restricted keys, JWTs.
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: () => REDACTED },
  { pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{16,}/g, replace: () => REDACTED },
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, replace: () => REDACTED },
  // user:password@ in URLs.
  {
    pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:)([^\s@/'"]+)(@)/gi,
    replace: (_match, before, _secret, at) => `${before}${REDACTED}${at}`,
  },
  // password = "…", "client_secret": '…', SECRET_KEY: "…" — a quoted literal of at least 6 characters.
  {
    pattern:
      /(\b[\w.-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[\w.-]*["']?\s*(?::=|=>|[:=])\s*)(["'`])([^"'`\s]{6,})\2/gi,
    replace: (_match, before, quote) => `${before}${quote}${REDACTED}${quote}`,
  },
];

const BEGIN_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;
const END_KEY = /-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;

/** PEM private keys: every line between BEGIN and END (diff prefixes kept, so the diff stays readable). */
function maskPrivateKeys(text: string): MaskedText {
  if (!BEGIN_KEY.test(text)) return { text, masked: 0 };
  let inside = false;
  let masked = 0;
  const lines = text.split('\n').map((line) => {
    if (!inside && BEGIN_KEY.test(line)) {
      inside = !END_KEY.test(line);
      masked += 1;
      return line;
    }
    if (!inside) return line;
    if (END_KEY.test(line)) {
      inside = false;
      return line;
    }
    return /^[+\- ]/.test(line) ? `${line[0]}${REDACTED}` : REDACTED;
  });
  return { text: lines.join('\n'), masked };
}

// `apiKey = process.env.API_KEY`, `api_key: config.get(…)`: a reference to a secret, not one. The shared
// redactor masks any `api_key = …` value (right for headers and logs); in code that would hide what the
// reviewer needs to see and make it report a hardcoded key that is not there.
const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$]|\[|\()/;

function redactKeepingCode(text: string, redactor: Redactor): MaskedText {
  let output = '';
  let last = 0;
  let masked = 0;
  for (const span of redactor.spans(text)) {
    const kept = span.replacement.slice(0, span.replacement.length - REDACTED.length);
    if (CODE_REFERENCE.test(text.slice(span.start + kept.length, span.end))) continue;
    output += text.slice(last, span.start) + span.replacement;
    last = span.end;
    masked += 1;
  }
  return { text: output + text.slice(last), masked };
}

/**
 * Masks secrets in text that is about to leave the machine (a diff for review): the values of the
 * environment's credential variables in every spelling, provider key formats, auth headers, PEM private
 * keys, cloud tokens and quoted password/secret/token assignments.
 */
export function createSecretMasker(options: SecretMaskerOptions): (text: string) => MaskedText {
  const redactor = createRedactor({ secrets: [...secretsFromEnv(options.env), ...(options.literals ?? [])] });
  return (input) => {
    const keys = maskPrivateKeys(input);
    const redacted = redactKeepingCode(keys.text, redactor);
    let masked = keys.masked + redacted.masked;
    let text = redacted.text;
    for (const { pattern, replace } of CODE_PATTERNS) {
      text = text.replace(pattern, (...args: unknown[]) => {
        const match = args[0] as string;
        // (match, ...groups, offset, input): none of the patterns has named groups.
        const groups = args.slice(1, -2).map((value) => (typeof value === 'string' ? value : ''));
        // Already masked by an earlier rule (e.g. a provider key inside an assignment).
        if (match.includes(REDACTED)) return match;
        masked += 1;
        return replace(match, ...groups);
      });
    }
    return { text, masked };
  };
}
