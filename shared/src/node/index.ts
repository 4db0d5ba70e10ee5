export { lazyChildProcess, lazyCrypto } from './lazy-builtins.js';
export { cjsExports } from './cjs-exports.js';
export { childAbort } from './child-abort.js';
