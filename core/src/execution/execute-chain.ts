import type { AgentError, AgentRequest, ExecuteContext } from '@payready/agent-contract';
import { noopTelemetry, track, type AskTelemetry } from '@payready/shared';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { AttemptRecord } from './attempt-record.js';
import { attemptOutcome, requestedModel } from './attempt-telemetry.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { AllAgentsFailedError } from './execution-errors.js';
import type { ExecutionEvent } from './execution-event.js';
import { normaliseError } from './normalise-error.js';
import { runAttempt, type AttemptOutput } from './run-attempt.js';
import { agentOnSide, type VariantOf } from '../canary/canary-sides.js';
import type { Variant } from '../canary/canary-split.js';

export interface ExecuteChainOptions {
  registry: AgentRegistry;
  chain: readonly string[];
  request: AgentRequest;
  /** Per-attempt timeout for an agent (its own `timeout` setting already applied by the caller). */
  timeoutFor: (agent: string) => number;
  maxRetries: number;
  backoff: BackoffPolicy;
  /** Aborts on the deadline and on Ctrl-C; its reason is thrown as is. */
  signal: AbortSignal;
  /** Receives every event as it happens. Without it nobody reads a partial answer, so agents are asked not to stream. */
  onEvent?: (event: ExecutionEvent) => void;
  delegate?: ExecuteContext['delegate'];
  /** Skips agents whose circuit is open, and learns from each outcome. */
  breaker?: CircuitBreaker;
  /** The side of its canary split each agent runs on for this query (canarySides); default: all stable. */
  variantOf?: VariantOf;
  /** The ask's telemetry: each attempt is tracked (metrics, a GenAI span), each move to another agent counted. */
  telemetry?: AskTelemetry;
  /** Injected for tests; real timers otherwise. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface ExecutionResult extends AttemptOutput {
  agent: string;
  /** The side of the answering agent's canary split. */
  variant: Variant;
  attempts: AttemptRecord[];
}

/** What to do after an error, from its kind alone (DESIGN: contracts). */
export function nextStep(error: AgentError): 'retry' | 'fallback' | 'stop' {
  if (error.kind === 'bad_request') return 'stop';
  return error.retryable ? 'retry' : 'fallback';
}

/** setTimeout as a promise that rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Tries the chain in order: each agent with retries for transient errors (honouring retry-after), then the
 * next agent. Records every attempt. Throws AllAgentsFailedError, or the signal's reason (deadline,
 * interrupt) the moment it aborts.
 */
export async function executeChain(options: ExecuteChainOptions): Promise<ExecutionResult> {
  const attempts: AttemptRecord[] = [];
  const emit = options.onEvent ?? (() => undefined);
  const sleep = options.sleep ?? abortableSleep;
  const telemetry = options.telemetry ?? noopTelemetry.startAsk();
  // The agent we are moving away from, reported as a fallback once the next agent really runs.
  let leaving: { from: string; reason: string } | undefined;
  for (const name of options.chain) {
    const variant = options.variantOf?.(name) ?? 'stable';
    const side = variant === 'canary' ? { variant } : {};
    const availability = options.registry.availabilityOf(name);
    if (!availability.ok) {
      attempts.push({
        agent: name,
        attempt: 0,
        ok: false,
        skipped: true,
        ...side,
        errorKind: availability.missingCredentials ? 'auth' : 'unavailable',
        message: availability.reason ?? 'unavailable',
        ...(availability.fix ? { fix: availability.fix } : {}),
        ms: 0,
      });
      leaving ??= { from: name, reason: availability.missingCredentials ? 'auth' : 'unavailable' };
      continue;
    }
    // The canary has a circuit of its own: a broken canary must not open the circuit of the stable side.
    const circuit = variant === 'canary' ? `${name}@canary` : name;
    const openUntil = options.breaker?.openUntil(circuit);
    if (openUntil !== undefined) {
      attempts.push({
        agent: name,
        attempt: 0,
        ok: false,
        skipped: true,
        ...side,
        errorKind: 'unavailable',
        message: `circuit open after repeated failures; next try in ${Math.ceil((openUntil - Date.now()) / 1000)} s`,
        ms: 0,
      });
      leaving ??= { from: name, reason: 'unavailable' };
      continue;
    }
    const agent = agentOnSide(options.registry.get(name), variant);
    if (leaving) telemetry.fallback({ ...leaving, to: name });
    leaving = undefined;
    const model = requestedModel(options.request, agent);
    for (let attempt = 0; ; attempt++) {
      options.signal.throwIfAborted();
      emit({ type: 'attempt-start', agent: name, attempt });
      const started = performance.now();
      try {
        const output = await track(
          telemetry.attempt({ agent: name, attempt, variant, ...(model ? { model } : {}) }),
          () =>
            runAttempt({
              agent,
              request: options.request,
              timeoutMs: options.timeoutFor(name),
              signal: options.signal,
              stream: options.onEvent !== undefined,
              ...(options.delegate ? { delegate: options.delegate } : {}),
              onEvent: emit,
            }),
          attemptOutcome(name, options.signal),
        );
        attempts.push({ agent: name, attempt, ok: true, ...side, ms: performance.now() - started });
        options.breaker?.recordSuccess(circuit);
        return { ...output, agent: name, variant, attempts };
      } catch (thrown) {
        if (options.signal.aborted) throw options.signal.reason;
        const error = normaliseError(thrown, name);
        const record: AttemptRecord = {
          agent: name,
          attempt,
          ok: false,
          ...side,
          errorKind: error.kind,
          message: error.message,
          ...(error.status ? { status: error.status } : {}),
          ms: performance.now() - started,
        };
        attempts.push(record);
        let step = nextStep(error);
        const opened = options.breaker?.recordFailure(circuit, error.kind) ?? false;
        if (step === 'retry' && (attempt >= options.maxRetries || opened)) step = 'fallback';
        const delayMs = step === 'retry' ? backoffDelay(options.backoff, attempt + 1, error.retryAfterMs) : undefined;
        emit({
          type: 'attempt-failed',
          agent: name,
          attempt,
          error,
          next: step,
          ...(delayMs === undefined ? {} : { delayMs }),
        });
        if (step === 'stop') throw new AllAgentsFailedError(attempts, { stoppedBy: record });
        if (step === 'fallback') {
          leaving = { from: name, reason: error.kind };
          break;
        }
        await sleep(delayMs!, options.signal);
      }
    }
  }
  throw new AllAgentsFailedError(attempts);
}
