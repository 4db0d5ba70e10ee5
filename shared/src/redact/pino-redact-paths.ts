/**
 * `redact.paths` for pino (fast-redact syntax; hyphenated names need brackets): credential-named fields at
 * the top level, one level down, and in `headers` objects one level down (`req.headers.authorization`).
 * Use with `censor: REDACTED`. Values inside free text are the job of `createRedactor`.
 */
export const PINO_REDACT_PATHS: readonly string[] = [
  'authorization',
  '["x-api-key"]',
  '["api-key"]',
  'apiKey',
  'api_key',
  'cookie',
  '["set-cookie"]',
  '*.authorization',
  '*["x-api-key"]',
  '*["api-key"]',
  '*.apiKey',
  '*.api_key',
  '*.cookie',
  '*["set-cookie"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["api-key"]',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
];
