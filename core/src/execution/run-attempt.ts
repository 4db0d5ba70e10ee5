import { AgentError, type AgentEvent, type AgentRequest, type ExecuteContext } from '@payready/agent-contract';
import type { RegisteredAgent } from '../agents/agent-registry.js';
import type { ExecutionEvent } from './execution-event.js';

export interface AttemptOutput {
  text: string;
  inputTokens?: number;
  outputTokens?: number;
  finishReason?: string;
  model?: string;
  sources: Array<{ url: string; title: string; date?: string }>;
  /** ms from the attempt's start to its first text delta. */
  ttftMs?: number;
}

class AttemptTimeout extends Error {}

/** Resolves like `promise`, or rejects with the signal's reason as soon as it aborts, even if the plugin ignores it. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function collect(output: AttemptOutput, event: AgentEvent, started: number): void {
  switch (event.type) {
    case 'text-delta':
      if (output.ttftMs === undefined) output.ttftMs = performance.now() - started;
      output.text += event.text;
      break;
    case 'usage':
      output.inputTokens = (output.inputTokens ?? 0) + event.inputTokens;
      output.outputTokens = (output.outputTokens ?? 0) + event.outputTokens;
      break;
    case 'source':
      output.sources.push({ url: event.url, title: event.title, ...(event.date ? { date: event.date } : {}) });
      break;
    case 'done':
      output.finishReason = event.finishReason;
      if (event.model) output.model = event.model;
      break;
  }
}

/**
 * One try of one agent under its own timeout, linked to the chain's signal (deadline, Ctrl-C). A timeout
 * of this attempt becomes AgentError `timeout`; an abort from above propagates its reason unchanged.
 */
export async function runAttempt(options: {
  agent: RegisteredAgent;
  request: AgentRequest;
  timeoutMs: number;
  signal: AbortSignal;
  delegate?: ExecuteContext['delegate'];
  onEvent: (event: ExecutionEvent) => void;
}): Promise<AttemptOutput> {
  const { agent, request, timeoutMs, signal } = options;
  const timeoutController = new AbortController();
  const timer = setTimeout(
    () => timeoutController.abort(new AttemptTimeout(`${agent.name} did not finish within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const attemptSignal = AbortSignal.any([signal, timeoutController.signal]);
  const context: ExecuteContext = {
    ...agent.environment,
    signal: attemptSignal,
    timeoutMs,
    ...(options.delegate ? { delegate: options.delegate } : {}),
  };
  const started = performance.now();
  const output: AttemptOutput = { text: '', sources: [] };
  const iterator = agent.plugin.execute(request, context)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const step = await untilAborted(iterator.next(), attemptSignal);
      if (step.done) break;
      collect(output, step.value, started);
      options.onEvent({ ...step.value, agent: agent.name });
    }
    return output;
  } catch (error) {
    if (timeoutController.signal.aborted && !signal.aborted) {
      throw new AgentError({
        kind: 'timeout',
        message: (timeoutController.signal.reason as Error).message,
        agent: agent.name,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    // Let a plugin that ignored the signal release its resources; never wait for it.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
