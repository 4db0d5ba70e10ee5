import type { AgentError, AgentEvent } from '@payready/agent-contract';

/** What the executor tells its caller while it works: the agent's own events, tagged, plus attempt edges. */
export type ExecutionEvent =
  | { type: 'attempt-start'; agent: string; attempt: number }
  | {
      type: 'attempt-failed';
      agent: string;
      attempt: number;
      error: AgentError;
      next: 'retry' | 'fallback' | 'stop';
      delayMs?: number;
    }
  | (AgentEvent & { agent: string });
