import { AgentError } from '@payready/agent-contract';
import { processRedactor } from '@payready/shared';
import { redactAgentError } from '@payready/shared/upstream';

/**
 * Any failure of a plugin, as an AgentError naming the agent, its message scrubbed of every key this process
 * knows: whatever a plugin let through (an upstream echoing the auth header) stops here, before the message
 * reaches attempts, `--json`, logs or spans. Foreign exceptions are `internal` bugs.
 */
export function normaliseError(error: unknown, agent: string): AgentError {
  return redactAgentError(normalised(error, agent), processRedactor());
}

function normalised(error: unknown, agent: string): AgentError {
  if (AgentError.isInstance(error)) return error.withAgent(agent);
  // Duck-typed errors from community plugins built against another copy of the contract.
  if (typeof error === 'object' && error !== null && typeof (error as { kind?: unknown }).kind === 'string') {
    const foreign = error as { kind: AgentError['kind']; message?: string; status?: number; retryAfterMs?: number };
    return new AgentError({
      kind: foreign.kind,
      message: foreign.message ?? foreign.kind,
      agent,
      status: foreign.status,
      retryAfterMs: foreign.retryAfterMs,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AgentError({
    kind: 'internal',
    message: `unexpected error: ${message}`,
    agent,
    retryable: false,
    cause: error,
  });
}
