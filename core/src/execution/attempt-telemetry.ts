import type { AgentRequest } from '@payready/agent-contract';
import { errorKindOf, type AttemptOutcome, type OutcomeOf } from '@payready/shared';
import type { RegisteredAgent } from '../agents/agent-registry.js';
import { normaliseError } from './normalise-error.js';
import type { AttemptOutput } from './run-attempt.js';

/** The model an attempt asks for, as the plugin will pick it: `--model`, the persona's, the agent's setting. */
export function requestedModel(request: AgentRequest, agent: RegisteredAgent): string | undefined {
  const own = agent.settings.model;
  return request.model ?? request.persona.model ?? (typeof own === 'string' ? own : undefined);
}

/**
 * How an attempt's output or failure is reported to telemetry. An abort from above (deadline, Ctrl-C) is
 * reported as `deadline` / `interrupted`, not as the agent's fault.
 */
export function attemptOutcome(agent: string, signal: AbortSignal): OutcomeOf<AttemptOutput, AttemptOutcome> {
  return {
    value: (output) => ({
      ok: true,
      ...(output.inputTokens === undefined ? {} : { inputTokens: output.inputTokens }),
      ...(output.outputTokens === undefined ? {} : { outputTokens: output.outputTokens }),
      ...(output.finishReason ? { finishReason: output.finishReason } : {}),
      ...(output.model ? { responseModel: output.model } : {}),
      ...(output.ttftMs === undefined ? {} : { ttftMs: output.ttftMs }),
    }),
    error: (thrown) =>
      signal.aborted
        ? { ok: false, errorKind: errorKindOf(signal.reason), error: signal.reason }
        : { ok: false, errorKind: normaliseError(thrown, agent).kind, error: thrown },
  };
}
