import type { AgentPaths } from '@payready/agent-contract';
import { findProjectRoot, xdgPaths } from '@payready/shared';
import type { CliIO } from '../cli-io.js';

// One lookup per invocation: the config loader, the registry, the key resolver and the state writers all ask,
// and finding the project root walks up the directory tree with a stat per level.
const known = new WeakMap<CliIO, AgentPaths>();

export function cliPaths(io: CliIO): AgentPaths {
  let paths = known.get(io);
  if (!paths) {
    const projectRoot = findProjectRoot(io.cwd);
    paths = { ...xdgPaths(io.env), cwd: io.cwd, ...(projectRoot ? { projectRoot } : {}) };
    known.set(io, paths);
  }
  return paths;
}
