export { xdgPaths } from './xdg-paths.js';
export type { XdgPaths } from './xdg-paths.js';
export { findUp, findProjectRoot } from './project-root.js';
export { writeFileAtomic } from './atomic-write.js';
export { nameHash } from './name-hash.js';
export type { AtomicWriteOptions } from './atomic-write.js';
