import type { AgentPaths } from '@payready/agent-contract';
import { findProjectRoot, xdgPaths } from '@payready/shared';
import type { CliIO } from '../cli-io.js';

export function cliPaths(io: CliIO): AgentPaths {
  const projectRoot = findProjectRoot(io.cwd);
  return { ...xdgPaths(io.env), cwd: io.cwd, ...(projectRoot ? { projectRoot } : {}) };
}
