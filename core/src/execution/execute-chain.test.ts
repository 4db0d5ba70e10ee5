import { AgentError } from '@payready/agent-contract';
import { ExitCode } from '@payready/shared';
import { describe, expect, it } from 'vitest';
import { createMockAgentPlugin, createMockRegistry } from '../testing/index.js';
import { executeChain, type ExecuteChainOptions } from './execute-chain.js';
import { AllAgentsFailedError } from './execution-errors.js';
import type { ExecutionEvent } from './execution-event.js';

const persona = { name: 'default' };

function options(
  overrides: Partial<ExecuteChainOptions> & Pick<ExecuteChainOptions, 'registry' | 'chain'>,
): ExecuteChainOptions & { slept: number[] } {
  const slept: number[] = [];
  return {
    request: { text: 'hello', persona },
    timeoutFor: () => 1000,
    maxRetries: 2,
    backoff: { baseMs: 100, maxMs: 1000 },
    signal: new AbortController().signal,
    sleep: async (ms) => {
      slept.push(ms);
    },
    slept,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<AllAgentsFailedError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AllAgentsFailedError);
  return error as AllAgentsFailedError;
}

describe('executeChain', () => {
  it('returns the first answer with its usage, model and one attempt', async () => {
    const registry = createMockRegistry([createMockAgentPlugin({ name: 'claude', steps: [{ text: 'hi' }] })]);
    const result = await executeChain(options({ registry, chain: ['claude'] }));
    expect(result).toMatchObject({
      agent: 'claude',
      text: 'hi',
      inputTokens: 3,
      outputTokens: 5,
      model: 'claude-model',
      finishReason: 'stop',
    });
    expect(result.attempts).toMatchObject([{ agent: 'claude', attempt: 0, ok: true }]);
  });

  it('asks agents to stream, and times the first token, only when someone reads the events', async () => {
    const claude = createMockAgentPlugin({ name: 'claude', steps: [{ text: 'hi' }] });
    const registry = createMockRegistry([claude]);
    const whole = await executeChain(options({ registry, chain: ['claude'] }));
    const streamed = await executeChain(options({ registry, chain: ['claude'], onEvent: () => undefined }));
    expect(claude.calls.map((call) => call.stream)).toEqual([false, true]);
    // Time to first token means something only when a token could be read early.
    expect(whole.ttftMs).toBeUndefined();
    expect(streamed.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('retries transient errors with backoff, honouring retry-after', async () => {
    const claude = createMockAgentPlugin({
      name: 'claude',
      steps: [
        { error: { kind: 'rate_limit', message: 'slow down', status: 429, retryAfterMs: 1234 } },
        { error: { kind: 'overloaded', message: 'busy', status: 529 } },
        { text: 'ok' },
      ],
    });
    const run = options({ registry: createMockRegistry([claude]), chain: ['claude'] });
    const result = await executeChain(run);
    expect(result.text).toBe('ok');
    expect(claude.calls).toHaveLength(3);
    expect(run.slept[0]).toBe(1234);
    expect(run.slept[1]).toBeGreaterThanOrEqual(100);
    expect(run.slept[1]).toBeLessThanOrEqual(200);
    expect(result.attempts.map((attempt) => [attempt.attempt, attempt.ok, attempt.errorKind])).toEqual([
      [0, false, 'rate_limit'],
      [1, false, 'overloaded'],
      [2, true, undefined],
    ]);
  });

  it('falls back after exhausting retries, and at once for auth', async () => {
    const claude = createMockAgentPlugin({
      name: 'claude',
      steps: [{ error: { kind: 'overloaded', message: 'busy', status: 529 } }],
    });
    const codex = createMockAgentPlugin({
      name: 'codex',
      steps: [{ error: { kind: 'auth', message: 'bad key', status: 401 } }],
    });
    const local = createMockAgentPlugin({ name: 'local', steps: [{ text: 'from docs' }] });
    const result = await executeChain(
      options({ registry: createMockRegistry([claude, codex, local]), chain: ['claude', 'codex', 'local'] }),
    );
    expect(result.agent).toBe('local');
    expect(claude.calls).toHaveLength(3);
    expect(codex.calls).toHaveLength(1);
  });

  it('stops on bad_request without trying another agent, and reports the upstream message', async () => {
    const claude = createMockAgentPlugin({
      name: 'claude',
      steps: [{ error: { kind: 'bad_request', message: 'max_tokens too large', status: 400 } }],
    });
    const codex = createMockAgentPlugin({ name: 'codex' });
    const error = await failure(
      executeChain(options({ registry: createMockRegistry([claude, codex]), chain: ['claude', 'codex'] })),
    );
    expect(codex.calls).toHaveLength(0);
    expect(error.exitCode).toBe(ExitCode.failed);
    expect(error.message).toContain('max_tokens too large');
  });

  it('exits 4 when every agent is rate-limited after retries', async () => {
    const limited = (name: string) =>
      createMockAgentPlugin({ name, steps: [{ error: { kind: 'rate_limit', message: 'limited', status: 429 } }] });
    const error = await failure(
      executeChain(
        options({ registry: createMockRegistry([limited('claude'), limited('codex')]), chain: ['claude', 'codex'] }),
      ),
    );
    expect(error.exitCode).toBe(ExitCode.rateLimited);
    expect(error.attempts).toHaveLength(6);
  });

  it('exits 3 naming the fix when no candidate has credentials', async () => {
    const claude = createMockAgentPlugin({
      name: 'claude',
      available: {
        ok: false,
        missingCredentials: true,
        reason: 'ANTHROPIC_API_KEY is not set',
        fix: 'export ANTHROPIC_API_KEY=…',
      },
    });
    const error = await failure(executeChain(options({ registry: createMockRegistry([claude]), chain: ['claude'] })));
    expect(error.exitCode).toBe(ExitCode.noCredentials);
    expect(error.hint).toContain('ANTHROPIC_API_KEY');
    expect(claude.calls).toHaveLength(0);
    expect(error.attempts[0]).toMatchObject({ skipped: true, errorKind: 'auth' });
  });

  it('turns a hang into a timeout of that attempt and moves on', async () => {
    const claude = createMockAgentPlugin({ name: 'claude', steps: [{ hang: true }] });
    const codex = createMockAgentPlugin({ name: 'codex', steps: [{ text: 'fast' }] });
    const result = await executeChain(
      options({
        registry: createMockRegistry([claude, codex]),
        chain: ['claude', 'codex'],
        timeoutFor: () => 20,
        maxRetries: 0,
      }),
    );
    expect(result.agent).toBe('codex');
    expect(result.attempts[0]).toMatchObject({ agent: 'claude', errorKind: 'timeout' });
    expect(claude.calls[0]!.signal.aborted).toBe(true);
  });

  it('classifies foreign exceptions as internal and duck-typed errors by their kind', async () => {
    const thrower = createMockAgentPlugin({
      name: 'a',
      steps: [{ error: new TypeError('undefined is not a function') }],
    });
    const duck = createMockAgentPlugin({
      name: 'b',
      steps: [{ error: Object.assign(new Error('nope'), { kind: 'auth' }) }],
    });
    const error = await failure(
      executeChain(options({ registry: createMockRegistry([thrower, duck]), chain: ['a', 'b'] })),
    );
    expect(error.attempts.map((attempt) => attempt.errorKind)).toEqual(['internal', 'auth']);
  });

  it('throws the signal reason as soon as the chain is aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('deadline');
    const claude = createMockAgentPlugin({ name: 'claude', steps: [{ hang: true }] });
    setTimeout(() => controller.abort(reason), 10);
    await expect(
      executeChain(options({ registry: createMockRegistry([claude]), chain: ['claude'], signal: controller.signal })),
    ).rejects.toBe(reason);
  });

  it('emits attempt edges and tagged agent events in order', async () => {
    const events: ExecutionEvent[] = [];
    const claude = createMockAgentPlugin({
      name: 'claude',
      steps: [{ error: new AgentError({ kind: 'network', message: 'reset' }) }, { text: 'x' }],
    });
    await executeChain(
      options({ registry: createMockRegistry([claude]), chain: ['claude'], onEvent: (event) => events.push(event) }),
    );
    expect(events.map((event) => event.type)).toEqual([
      'attempt-start',
      'attempt-failed',
      'attempt-start',
      'text-delta',
      'usage',
      'done',
    ]);
    expect(events[1]).toMatchObject({ next: 'retry', agent: 'claude' });
  });
});

describe('executeChain with a circuit breaker', () => {
  it('skips an agent whose circuit is open, and a timeout opens it without retrying', async () => {
    const { CircuitBreaker } = await import('./circuit-breaker.js');
    const { memoryBreakerStore } = await import('./file-breaker-store.js');
    const breaker = new CircuitBreaker({ failures: 3, windowMs: 60_000, cooldownMs: 60_000 }, memoryBreakerStore());
    const claude = createMockAgentPlugin({ name: 'claude', steps: [{ hang: true }] });
    const codex = createMockAgentPlugin({ name: 'codex', steps: [{ text: 'ok' }] });
    const registry = createMockRegistry([claude, codex]);
    const first = await executeChain(options({ registry, chain: ['claude', 'codex'], timeoutFor: () => 20, breaker }));
    expect(claude.calls).toHaveLength(1);
    expect(first.attempts.map((attempt) => [attempt.agent, attempt.errorKind])).toEqual([
      ['claude', 'timeout'],
      ['codex', undefined],
    ]);
    const second = await executeChain(options({ registry, chain: ['claude', 'codex'], timeoutFor: () => 20, breaker }));
    expect(claude.calls).toHaveLength(1);
    expect(second.attempts[0]).toMatchObject({ agent: 'claude', skipped: true, errorKind: 'unavailable' });
  });
});
