import { describe, expect, it } from 'vitest';
import { createMockAgentPlugin, createMockRegistry } from '../testing/index.js';
import { fallbackChain } from './fallback-chain.js';
import { route } from './route.js';

const query = { prompt: 'q', text: 'q' };
const options = { threshold: 0.6, defaultAgent: 'local' };

describe('route', () => {
  it('picks the best usable agent at or above the threshold', () => {
    const registry = createMockRegistry([
      createMockAgentPlugin({ name: 'claude', score: 0.7 }),
      createMockAgentPlugin({ name: 'codex', score: 0.9 }),
      createMockAgentPlugin({ name: 'local', score: 0.1 }),
    ]);
    const decision = route(registry, query, options);
    expect(decision.chosen).toBe('codex');
    expect(decision.reason).toBe('threshold');
    expect(decision.ranked.map((agent) => agent.name)).toEqual(['codex', 'claude', 'local']);
  });

  it('falls to the default agent below the threshold', () => {
    const registry = createMockRegistry([
      createMockAgentPlugin({ name: 'claude', score: 0.59 }),
      createMockAgentPlugin({ name: 'local', score: 0.1 }),
    ]);
    expect(route(registry, query, options)).toMatchObject({ chosen: 'local', reason: 'default' });
  });

  it('treats a score exactly at the threshold as reaching it', () => {
    const registry = createMockRegistry([
      createMockAgentPlugin({ name: 'claude', score: 0.6 }),
      createMockAgentPlugin({ name: 'local', score: 0 }),
    ]);
    expect(route(registry, query, options).chosen).toBe('claude');
  });

  it('never picks an unusable agent on score, and reports it as preferred', () => {
    const registry = createMockRegistry([
      createMockAgentPlugin({
        name: 'claude',
        score: 0.95,
        available: { ok: false, reason: 'no key', fix: 'set it', missingCredentials: true },
      }),
      createMockAgentPlugin({ name: 'local', score: 0.2 }),
    ]);
    const decision = route(registry, query, options);
    expect(decision.chosen).toBe('local');
    expect(decision.preferredButUnavailable?.name).toBe('claude');
    expect(decision.ranked[0]).toMatchObject({
      name: 'claude',
      available: false,
      unavailableReason: 'no key',
      fix: 'set it',
    });
  });

  it('honours --agent even for an unusable agent, and rejects unknown names listing the known ones', () => {
    const registry = createMockRegistry([
      createMockAgentPlugin({ name: 'claude', score: 0.1, available: { ok: false, reason: 'no key' } }),
      createMockAgentPlugin({ name: 'local', score: 0.9 }),
    ]);
    expect(route(registry, query, { ...options, forced: 'claude' })).toMatchObject({
      chosen: 'claude',
      reason: 'forced',
    });
    expect(() => route(registry, query, { ...options, forced: 'claud' })).toThrow(
      /unknown agent "claud"; known agents: claude, local/,
    );
  });

  it('skips disabled agents and clamps wild scores', () => {
    const registry = createMockRegistry(
      [
        createMockAgentPlugin({ name: 'claude', score: 7 }),
        createMockAgentPlugin({ name: 'codex', score: Number.NaN }),
        createMockAgentPlugin({ name: 'web', score: 1 }),
      ],
      { web: { enabled: false } },
    );
    const decision = route(registry, query, options);
    expect(decision.ranked.map((agent) => [agent.name, agent.score])).toEqual([
      ['claude', 1],
      ['codex', 0],
    ]);
  });

  it('breaks score ties by name, independent of registration order', () => {
    const forward = createMockRegistry([
      createMockAgentPlugin({ name: 'b', score: 0.8 }),
      createMockAgentPlugin({ name: 'a', score: 0.8 }),
    ]);
    const backward = createMockRegistry([
      createMockAgentPlugin({ name: 'a', score: 0.8 }),
      createMockAgentPlugin({ name: 'b', score: 0.8 }),
    ]);
    expect(route(forward, query, options).chosen).toBe('a');
    expect(route(backward, query, options).chosen).toBe('a');
  });

  it('survives a plugin whose canHandle throws', () => {
    const broken = createMockAgentPlugin({ name: 'broken' });
    broken.canHandle = () => {
      throw new Error('boom');
    };
    const registry = createMockRegistry([broken, createMockAgentPlugin({ name: 'local', score: 0.1 })]);
    const decision = route(registry, query, options);
    expect(decision.ranked.find((agent) => agent.name === 'broken')).toMatchObject({
      score: 0,
      reasons: ['canHandle threw: boom'],
    });
  });
});

describe('fallbackChain', () => {
  it('follows configured fallbacks transitively, then the remaining usable agents by score', () => {
    const registry = createMockRegistry(
      [
        createMockAgentPlugin({ name: 'claude', score: 0.9 }),
        createMockAgentPlugin({ name: 'codex', score: 0.2 }),
        createMockAgentPlugin({ name: 'web', score: 0.5 }),
        createMockAgentPlugin({ name: 'local', score: 0.1 }),
      ],
      { claude: { fallback: 'codex' }, codex: { fallback: 'claude' } },
    );
    const decision = route(registry, query, { threshold: 0.6, defaultAgent: 'local' });
    expect(fallbackChain(registry, decision, { fallback: true })).toEqual(['claude', 'codex', 'web', 'local']);
    expect(fallbackChain(registry, decision, { fallback: false })).toEqual(['claude']);
  });

  it('leaves unusable agents out of the by-score tail', () => {
    const registry = createMockRegistry([
      createMockAgentPlugin({ name: 'claude', score: 0.9, available: { ok: false } }),
      createMockAgentPlugin({ name: 'local', score: 0.1 }),
    ]);
    const decision = route(registry, query, { threshold: 0.6, defaultAgent: 'local' });
    expect(fallbackChain(registry, decision, { fallback: true })).toEqual(['local']);
  });
});
