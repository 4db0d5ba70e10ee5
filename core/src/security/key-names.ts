import { UsageError } from '@payready/shared';

/** Key names are what `payready keys set <name>` takes: short lower-case identifiers. */
export const KEY_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Key name → the environment variable that overrides it. Names not listed map to `<NAME>_API_KEY`; the table
 * holds the providers payready knows (so `keys list` can show their variables) and the irregular ones.
 */
export const KEY_ENV_VARS: Readonly<Record<string, string>> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  brave: 'BRAVE_API_KEY',
  tavily: 'TAVILY_API_KEY',
  google: 'GOOGLE_API_KEY',
  gemini: 'GEMINI_API_KEY',
  mistral: 'MISTRAL_API_KEY',
  groq: 'GROQ_API_KEY',
  xai: 'XAI_API_KEY',
  openrouter: 'OPENROUTER_API_KEY',
  perplexity: 'PERPLEXITY_API_KEY',
  agno: 'AGNO_API_KEY',
  github: 'GITHUB_TOKEN',
  huggingface: 'HF_TOKEN',
};

const KEY_NAMES_BY_ENV_VAR = new Map(Object.entries(KEY_ENV_VARS).map(([name, variable]) => [variable, name]));

export function isKeyName(name: string): boolean {
  return KEY_NAME_PATTERN.test(name);
}

export function assertKeyName(name: string): void {
  if (isKeyName(name)) return;
  throw new UsageError(
    `invalid key name ${JSON.stringify(name)}: use a lower-case identifier such as anthropic or openai`,
    {
      hint: 'key names are lower-case letters, digits and _, starting with a letter (at most 64 characters)',
    },
  );
}

/** `anthropic` → `ANTHROPIC_API_KEY`; an unknown `foo` → `FOO_API_KEY`. */
export function envVarForKey(name: string): string {
  return KEY_ENV_VARS[name] ?? `${name.toUpperCase()}_API_KEY`;
}

/** `ANTHROPIC_API_KEY` → `anthropic`; `FOO_API_KEY` → `foo`; a variable of no key (`HOME`) → undefined. */
export function keyNameForEnvVar(variable: string): string | undefined {
  const known = KEY_NAMES_BY_ENV_VAR.get(variable);
  if (known) return known;
  const match = /^([A-Z][A-Z0-9_]*)_API_KEY$/.exec(variable);
  const name = match?.[1]?.toLowerCase();
  return name !== undefined && isKeyName(name) ? name : undefined;
}
