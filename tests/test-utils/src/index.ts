export { repoRoot } from './repo-root.js';
export { runCli, cliBundle } from './run-cli.js';
export type { CliRun, RunCliOptions } from './run-cli.js';
export { createTempHome } from './temp-home.js';
export type { TempHome } from './temp-home.js';
export { requireBinary } from './require-binary.js';
export { startRedis, freePort } from './redis-server.js';
export type { RedisServer } from './redis-server.js';
