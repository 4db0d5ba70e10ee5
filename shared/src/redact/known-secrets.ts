import { createRedactor, type Redactor } from './create-redactor.js';
import { MIN_SECRET_LENGTH } from './secret-forms.js';
import { secretsFromEnv } from './secrets-from-env.js';

type Env = Readonly<Record<string, string | undefined>>;

// Process-wide on purpose: a key resolved anywhere in this process (from the encrypted store, which no
// environment variable names) must be scrubbed from everything the process writes, whichever module writes
// it: an agent's error, a span, a log line, the CLI's stderr. Secrets only ever join the set.
const remembered = new Set<string>();
let cached: { env: Env; size: number; redactor: Redactor } | undefined;

/** Adds a secret value this process holds (a resolved API key) to what `processRedactor` scrubs. */
export function rememberSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_SECRET_LENGTH) remembered.add(value);
}

/**
 * The redactor for every secret this process knows: the values of the credential variables of `env` and
 * every remembered secret, in all their spellings, plus the credential patterns. Rebuilt only when a secret
 * joined since the last call, so calling it per line is cheap.
 */
export function processRedactor(env: Env = process.env): Redactor {
  if (cached?.env !== env || cached.size !== remembered.size) {
    cached = {
      env,
      size: remembered.size,
      redactor: createRedactor({ secrets: [...secretsFromEnv(env), ...remembered] }),
    };
  }
  return cached.redactor;
}
