import {
  AgentError,
  CONTRACT_VERSION,
  type AgentErrorOptions,
  type AgentEvent,
  type AgentSettings,
  type AgentPlugin,
  type AgentRequest,
  type Availability,
  type ExecuteContext,
} from '@payready/agent-contract';

/** One scripted behaviour of a mock agent's execute(). */
export type MockStep = { text: string; delayMs?: number } | { error: AgentErrorOptions | Error } | { hang: true };

export interface MockAgentOptions {
  name: string;
  score?: number;
  available?: Availability;
  /** Steps consumed one per call; the last one repeats. */
  steps?: MockStep[];
  fallback?: string;
  generative?: boolean;
}

export interface MockAgentPlugin extends AgentPlugin {
  /** Every execute() call; `settings` are the agent's as the call saw them (a canary side's differ). */
  calls: Array<{
    request: AgentRequest;
    timeoutMs: number;
    signal: AbortSignal;
    settings: AgentSettings;
    stream: boolean | undefined;
  }>;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * A scripted agent for testing core without HTTP: returns texts, throws errors, or hangs until aborted,
 * and records every call.
 */
export function createMockAgentPlugin(options: MockAgentOptions): MockAgentPlugin {
  const steps = options.steps ?? [{ text: `answer from ${options.name}` }];
  const calls: MockAgentPlugin['calls'] = [];
  return {
    contractVersion: CONTRACT_VERSION,
    name: options.name,
    version: '0.0.0',
    description: `mock agent ${options.name}`,
    ...(options.fallback ? { fallback: options.fallback } : {}),
    ...(options.generative ? { generative: true } : {}),
    calls,
    canHandle: () => options.score ?? 0.5,
    available: () => options.available ?? { ok: true },
    async *execute(request: AgentRequest, context: ExecuteContext): AsyncIterable<AgentEvent> {
      calls.push({
        request,
        timeoutMs: context.timeoutMs,
        signal: context.signal,
        settings: context.settings,
        stream: context.stream,
      });
      const step = steps[Math.min(calls.length - 1, steps.length - 1)]!;
      if ('hang' in step) {
        await wait(1e9, context.signal);
        return;
      }
      if ('error' in step) {
        throw step.error instanceof Error ? step.error : new AgentError(step.error);
      }
      if (step.delayMs) await wait(step.delayMs, context.signal);
      yield { type: 'text-delta', text: step.text };
      yield { type: 'usage', inputTokens: 3, outputTokens: 5 };
      yield { type: 'done', finishReason: 'stop', model: `${options.name}-model` };
    },
  };
}
