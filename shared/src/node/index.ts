export { lazyChildProcess, lazyCrypto } from './lazy-builtins.js';
