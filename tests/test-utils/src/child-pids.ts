import { readFileSync } from 'node:fs';

/** The pids of a process's children, from /proc (Linux): the workers of `serve --workers`. */
export function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
}
