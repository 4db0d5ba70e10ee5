import { AgentError, type AgentEvent, type AgentRequest, type ExecuteContext } from '@payready/agent-contract';
import { childAbort } from '@payready/shared';
import type { RegisteredAgent } from '../agents/agent-registry.js';
import type { ExecutionEvent } from './execution-event.js';

export interface AttemptOutput {
  text: string;
  inputTokens?: number;
  outputTokens?: number;
  finishReason?: string;
  model?: string;
  sources: Array<{ url: string; title: string; date?: string }>;
  /** ms from the attempt's start to its first text delta; absent when the attempt was not streamed. */
  ttftMs?: number;
}

class AttemptTimeout extends Error {}

function collect(output: AttemptOutput, event: AgentEvent, started: number | undefined): void {
  switch (event.type) {
    case 'text-delta':
      if (output.ttftMs === undefined && started !== undefined) output.ttftMs = performance.now() - started;
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
  /** ExecuteContext.stream. */
  stream: boolean;
  delegate?: ExecuteContext['delegate'];
  onEvent: (event: ExecutionEvent) => void;
}): Promise<AttemptOutput> {
  const { agent, request, timeoutMs, signal } = options;
  // One controller per attempt, linked to the chain's signal by one listener (not AbortSignal.any: see childAbort).
  const link = childAbort(signal);
  const attempt = link.controller;
  const attemptSignal = attempt.signal;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    attempt.abort(new AttemptTimeout(`${agent.name} did not finish within ${timeoutMs} ms`));
  }, timeoutMs);
  // The pending step rejects with the abort reason as soon as the attempt aborts, even if the plugin ignores
  // the signal: one listener for the attempt rather than one added and removed per event.
  let rejectStep: ((reason: unknown) => void) | undefined;
  const onAbort = () => rejectStep?.(attemptSignal.reason);
  attemptSignal.addEventListener('abort', onAbort, { once: true });
  const context: ExecuteContext = {
    ...agent.environment,
    signal: attemptSignal,
    timeoutMs,
    stream: options.stream,
    ...(options.delegate ? { delegate: options.delegate } : {}),
  };
  const started = performance.now();
  const output: AttemptOutput = { text: '', sources: [] };
  const iterator = agent.plugin.execute(request, context)[Symbol.asyncIterator]();
  const nextStep = (): Promise<IteratorResult<AgentEvent>> => {
    if (attemptSignal.aborted) return Promise.reject(attemptSignal.reason);
    return new Promise((resolve, reject) => {
      rejectStep = reject;
      iterator.next().then(resolve, reject);
    });
  };
  try {
    for (;;) {
      const step = await nextStep();
      if (step.done) break;
      // A non-streamed answer has no first chunk worth timing: its one delta arrives with the whole answer.
      collect(output, step.value, options.stream ? started : undefined);
      options.onEvent({ ...step.value, agent: agent.name });
    }
    return output;
  } catch (error) {
    if (timedOut && !signal.aborted) {
      throw new AgentError({
        kind: 'timeout',
        message: (attemptSignal.reason as Error).message,
        agent: agent.name,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    rejectStep = undefined;
    attemptSignal.removeEventListener('abort', onAbort);
    link.dispose();
    // Let a plugin that ignored the signal release its resources; never wait for it.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
