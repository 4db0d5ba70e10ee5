/** `ci('api')` → `[aA][pP][iI]`: case-insensitive keywords without the `i` flag, which would also loosen the literal secrets. */
function ci(word: string): string {
  return word.replace(/[a-z]/gi, (letter) => `[${letter.toLowerCase()}${letter.toUpperCase()}]`);
}

export interface PatternSpec {
  /** Context kept in the output (a header name and its separator); a capture group. */
  keep?: string;
  /** Start of the secret itself (a provider prefix such as `sk-`); redacted with the value. */
  start?: string;
  /** Character class of the value. */
  value: string;
  /** Fewer value characters than this are left alone (prose such as "Bearer in mind"). */
  min: number;
}

const SEPARATOR = `["']?\\s*[:=]\\s*["']?`;
const TOKEN = '[A-Za-z0-9._~+/=-]';
const KEY_CHARS = '[A-Za-z0-9_-]';

/**
 * Credentials recognised by shape, for secrets nobody told the redactor about: header and field values
 * (`x-api-key: …`, `"api_key": "…"`, `Authorization: Bearer …`) and provider key formats.
 */
export const PROVIDER_PATTERNS: readonly PatternSpec[] = [
  {
    keep: `${ci('authorization')}${SEPARATOR}(?:(?:${ci('bearer')}|${ci('basic')}|${ci('token')}|Bot)\\s+)?`,
    value: `[^\\s"',;]`,
    min: 1,
  },
  // Starts at "api": an `x-` or `x-goog-` before it stays in the text anyway, and an optional group in front
  // would make the scan try this alternative at every "x".
  {
    keep: `${ci('api')}[-_]?${ci('key')}${SEPARATOR}`,
    value: `[^\\s"'&,;<>{}]`,
    min: 1,
  },
  { keep: `(?:[Bb]earer|BEARER)\\s+`, value: TOKEN, min: 16 },
  // Anthropic sk-ant-…, OpenAI sk-…, sk-proj-…, sk-svcacct-…
  { start: '\\bsk-', value: KEY_CHARS, min: 20 },
  // Tavily
  { start: '\\btvly-', value: KEY_CHARS, min: 16 },
  // Brave Search
  { start: '\\bBSA', value: KEY_CHARS, min: 20 },
  // Google AI / Gemini
  { start: '\\bAIza', value: KEY_CHARS, min: 30 },
  // GitHub tokens
  { start: '\\b(?:gh[pousr]_|github_pat_)', value: '[A-Za-z0-9_]', min: 22 },
  // xAI, Groq
  { start: '\\b(?:xai-|gsk_)', value: '[A-Za-z0-9]', min: 20 },
];

/** The regex source of one pattern: `(keep)?start(?=value{min})value+`. */
export function patternSource(spec: PatternSpec): string {
  return `${spec.keep === undefined ? '' : `(${spec.keep})`}${spec.start ?? ''}(?=${spec.value}{${spec.min}})${spec.value}+`;
}
