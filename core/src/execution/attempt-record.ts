import type { AgentErrorKind } from '@payready/agent-contract';
import type { Variant } from '../canary/canary-split.js';

/** One try of one agent, as reported by `--json` and the failure summary. */
export interface AttemptRecord {
  agent: string;
  /** 0 for the first try of this agent, 1 for its first retry, … */
  attempt: number;
  ok: boolean;
  errorKind?: AgentErrorKind;
  message?: string;
  status?: number;
  /** Not run at all (no credentials, disabled, circuit open). */
  skipped?: boolean;
  /** How the user can fix a skipped agent. */
  fix?: string;
  /** The side of the agent's canary split this attempt ran on (absent: stable). */
  variant?: Variant;
  ms: number;
}
