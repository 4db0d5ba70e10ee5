// No heavy imports here: the CLI redacts on every run (see the shared index's cold-start rule).
export { createRedactor, REDACTED } from './create-redactor.js';
export type { Redactor, RedactorOptions, RedactionSpan } from './create-redactor.js';
export { createStreamRedactor } from './stream-redactor.js';
export type { StreamRedactor } from './stream-redactor.js';
export { redactDeep, isSensitiveKey } from './redact-deep.js';
export { PINO_REDACT_PATHS } from './pino-redact-paths.js';
export { secretsFromEnv } from './secrets-from-env.js';
export { processRedactor, rememberSecret } from './known-secrets.js';
export { secretForms, MIN_SECRET_LENGTH } from './secret-forms.js';
