import { childAbort } from '@payready/shared';
import { DeadlineExceededError } from '../execution/execution-errors.js';

/**
 * One signal for the whole chain: aborted with DeadlineExceededError when the deadline passes, or with the
 * parent's reason (Ctrl-C) when that aborts first.
 */
export function deadlineSignal(
  parent: AbortSignal,
  deadlineMs: number | undefined,
): { signal: AbortSignal; dispose(): void } {
  if (deadlineMs === undefined) return { signal: parent, dispose: () => undefined };
  const link = childAbort(parent);
  const timer = setTimeout(() => link.controller.abort(new DeadlineExceededError(deadlineMs)), deadlineMs);
  timer.unref?.();
  return {
    signal: link.controller.signal,
    dispose: () => {
      clearTimeout(timer);
      link.dispose();
    },
  };
}
