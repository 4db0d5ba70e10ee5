/**
 * The router's text normalisation: lower case, single spaces, and URLs, paths, file names, domains, dates,
 * years and numbers replaced by placeholder tokens (so `src/a.ts` and `lib/b.py` look alike, and no dataset's
 * numbers are memorised). Features and the corrections index both read text through this.
 */
const MONTH =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

const FENCE = '(```|~~~)';
const URL_PATTERN = '(\\b(?:https?://|www\\.)\\S+)';
const EMAIL = '(\\b[\\w.+-]+@[\\w-]+\\.[\\w.-]+\\b)';
const PATH = '((?:^|(?<=[\\s\'"`(=]))(?:~|\\.{1,2})?/(?:[\\w.@-]+/)*[\\w.@-]*\\w)';
const FILE =
  '(\\b[\\w-]+\\.(?:tsx?|jsx?|mjs|cjs|py|rs|go|java|kt|c|h|cc|cpp|hpp|cs|rb|php|sh|bash|zsh|ps1|json|ya?ml|toml|ini|cfg|conf|sql|lock|css|scss|vue|svelte|swift|gradle|xml|env|log|csv|txt|md|lua|dart|tf)\\b)';
const DOMAIN = '(\\b[\\w-]+)\\.(?:com|org|net|io|gov|edu|co\\.uk|de|fr|ai|dev)\\b';
const DATE = `(\\b(?:${MONTH})\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? (?:19|20)\\d\\d)?\\b|\\b\\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:${MONTH})\\b(?:,? (?:19|20)\\d\\d\\b)?|\\b\\d{1,4}[/-]\\d{1,2}[/-]\\d{1,4}\\b)`;
const YEAR = '(\\b(?:19|20)\\d\\d\\b)';
const NUMBER = '(\\d+(?:[.,]\\d+)*)';

const PLACEHOLDER_PATTERN = new RegExp(
  [FENCE, URL_PATTERN, EMAIL, PATH, FILE, DOMAIN, DATE, YEAR, NUMBER].join('|'),
  'gi',
);

function placeholder(
  _match: string,
  fence?: string,
  url?: string,
  email?: string,
  path?: string,
  file?: string,
  domain?: string,
  date?: string,
  year?: string,
): string {
  if (fence !== undefined) return ' xxfence ';
  if (url !== undefined) return ' xxurl ';
  if (email !== undefined) return ' xxemail ';
  if (path !== undefined) return ' xxpath ';
  if (file !== undefined) return ' xxfile ';
  if (domain !== undefined) return ` ${domain} xxdomain `;
  if (date !== undefined) return ' xxdate ';
  if (year !== undefined) return ' xxyear ';
  return ' xxnum ';
}

/**
 * The same pattern without the fence, email, path, file and domain alternatives, for texts in which none of
 * them can match (see `FULL_PATTERN_NEEDED`): each alternative that can never match is dead weight tried at
 * every position, and on a maths question the full pattern costs several times this one. Removing them leaves
 * every match, and so every replacement, as it was.
 */
const NUMBERS_PATTERN = new RegExp([URL_PATTERN, DATE, YEAR, NUMBER].join('|'), 'gi');

function numbersPlaceholder(_match: string, url?: string, date?: string, year?: string): string {
  if (url !== undefined) return ' xxurl ';
  if (date !== undefined) return ' xxdate ';
  if (year !== undefined) return ' xxyear ';
  return ' xxnum ';
}

// Every placeholder needs a digit, a fence or path character, '@', or a dot inside a word; most prose has
// none, and skipping the patterns then halves the cost of a decision. Two tests rather than one alternation:
// V8 scans for a single character class much faster.
const MAY_HOLD_PLACEHOLDER_CHAR = /[0-9`~/@]/;
const MAY_HOLD_PLACEHOLDER_DOT = /\w\.\w/;
/**
 * What the fence, email and path alternatives need (a '`', '~', '@' or '/'), or the file and domain ones
 * (`[\w-]+` then '.' then a letter: every extension and top-level domain starts with one).
 */
const FULL_PATTERN_CHAR = /[`~/@]/;
const FULL_PATTERN_DOT = /[\w-]\.[a-z]/i;
/** Whitespace that `\s+ → ' '` would change: a run, or any whitespace other than a plain space. */
const UNEVEN_SPACE = /\s\s|[^\S ]/;

/** Every placeholder in `text`, by the full pattern. */
export function replaceAllPlaceholders(text: string): string {
  return text.replace(PLACEHOLDER_PATTERN, placeholder);
}

function replacePlaceholders(text: string): string {
  if (FULL_PATTERN_CHAR.test(text) || FULL_PATTERN_DOT.test(text)) return replaceAllPlaceholders(text);
  return text.replace(NUMBERS_PATTERN, numbersPlaceholder);
}

/**
 * Typographic quotes (’ ‘ ” “), which some sources and most word processors use and others never do: as
 * straight ones, "what’s" and "what's" are one word, so no dataset's typography becomes a feature.
 */
const CURLY_QUOTE = /[\u2018\u2019\u201c\u201d]/;

/** `text` with typographic quotes made straight. */
export function straightenQuotes(text: string): string {
  return CURLY_QUOTE.test(text) ? text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"') : text;
}

/** Lower-cased text with straight quotes, placeholders and single spaces, cut to `maxChars * 2` input characters. */
export function normalizeQuery(text: string, maxChars = 512): string {
  const cut = straightenQuotes(text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text);
  const mayHold = MAY_HOLD_PLACEHOLDER_CHAR.test(cut) || MAY_HOLD_PLACEHOLDER_DOT.test(cut);
  const lower = (mayHold ? replacePlaceholders(cut) : cut).toLowerCase();
  // Most queries are single-spaced already, and the test costs a fraction of the replace.
  return (UNEVEN_SPACE.test(lower) ? lower.replace(/\s+/g, ' ') : lower).trim();
}
