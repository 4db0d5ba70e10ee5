export { createStderrLogger } from './stderr-logger.js';
export type { Logger, LogLevel } from './stderr-logger.js';
