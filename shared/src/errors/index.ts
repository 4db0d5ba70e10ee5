export { ExitCode } from './exit-codes.js';
export type { ExitCodeValue } from './exit-codes.js';
export { PayReadyError, UsageError, InternalError } from './payready-error.js';
export { ConfigError, formatConfigProblem } from './config-error.js';
export type { ConfigProblem } from './config-error.js';
export { closestMatch } from './closest-match.js';
