export { createStderrLogger } from './stderr-logger.js';
export type { Logger, LogLevel } from './stderr-logger.js';
// pino itself is imported inside the function, on first call.
export { createPinoLogger } from './create-pino-logger.js';
export type { PinoLoggerOptions } from './create-pino-logger.js';
