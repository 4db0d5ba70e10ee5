import { describe, expect, it } from 'vitest';
import {
  CONTRACT_VERSION,
  type AgentEnvironment,
  type AgentPlugin,
  type AgentSettings,
  type Availability,
  type ExecuteContext,
} from '@payready/agent-contract';
import { AgentRegistry, type RegisteredAgent } from './agent-registry.js';
import { checkAgents } from './check-agents.js';

const SECRET = 'sk-unit-secret-value-42';

function environment(settings: AgentSettings = {}): AgentEnvironment {
  const store: Record<string, string> = { STORED_KEY: SECRET };
  return {
    settings,
    env: {},
    paths: { cacheDir: '/c', dataDir: '/d', configDir: '/g', stateDir: '/s', cwd: '/' },
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined },
    resolveKey(names) {
      const name = names.find((candidate) => store[candidate]);
      return name ? { value: store[name]!, source: `store:${name.toLowerCase()}` } : undefined;
    },
  };
}

function plugin(
  name: string,
  hooks: {
    available?: (environment: AgentEnvironment) => Availability;
    health?: (context: ExecuteContext) => Promise<Availability>;
  },
): AgentPlugin {
  return {
    contractVersion: CONTRACT_VERSION,
    name,
    version: '1.0.0',
    description: name,
    canHandle: () => 0,
    available: hooks.available ?? (() => ({ ok: true })),
    async *execute() {},
    ...(hooks.health ? { health: hooks.health } : {}),
  };
}

function registry(...plugins: Array<AgentPlugin | [AgentPlugin, AgentSettings]>): AgentRegistry {
  const agents: RegisteredAgent[] = plugins.map((entry) => {
    const [agent, settings] = Array.isArray(entry) ? entry : [entry, {}];
    return {
      name: agent.name,
      plugin: agent,
      source: 'test',
      settings,
      environment: environment(settings),
      enabled: settings.enabled !== false,
    };
  });
  return new AgentRegistry(agents);
}

describe('checkAgents', () => {
  it('records where each key came from, never its value, and runs health() with the timeout', async () => {
    let seen: { timeoutMs: number; aborted: boolean } | undefined;
    const keyed = plugin('keyed', {
      available: (env) => (env.resolveKey(['STORED_KEY']) ? { ok: true } : { ok: false }),
      async health(context) {
        seen = { timeoutMs: context.timeoutMs, aborted: context.signal.aborted };
        context.resolveKey(['STORED_KEY']);
        context.resolveKey(['OTHER_KEY']);
        return { ok: true, details: { reachable: true } };
      },
    });
    const [check] = await checkAgents(registry(keyed), { timeoutMs: 1234 });
    expect(seen).toEqual({ timeoutMs: 1234, aborted: false });
    expect(check).toMatchObject({
      name: 'keyed',
      enabled: true,
      usable: true,
      keys: [{ names: ['STORED_KEY'], source: 'store:stored_key' }, { names: ['OTHER_KEY'] }],
      health: { ok: true, details: { reachable: true } },
    });
    expect(JSON.stringify(check)).not.toContain(SECRET);
  });

  it('scrubs a key value and URL credentials that a plugin let into its verdict', async () => {
    const leaky = plugin('leaky', {
      health: async (context) => {
        const key = context.resolveKey(['STORED_KEY'])!.value;
        return {
          ok: false,
          reason: `rejected ${key}`,
          fix: `try ${key}`,
          details: { url: 'http://u:pw@host:1/v1?k=x' },
        };
      },
    });
    const [check] = await checkAgents(registry(leaky));
    expect(check!.health).toEqual({
      ok: false,
      reason: 'rejected ***',
      fix: 'try ***',
      details: { url: 'http://host:1/v1' },
    });
    expect(check!.usable).toBe(false);
  });

  it('skips health() for a disabled or unavailable agent; a throwing hook is a failed check', async () => {
    let calls = 0;
    const health = async () => {
      calls += 1;
      return { ok: true };
    };
    const checks = await checkAgents(
      registry(
        [plugin('off', { health }), { enabled: false }],
        plugin('nokey', { available: () => ({ ok: false, reason: 'X_KEY is not set', fix: 'export X_KEY' }), health }),
        plugin('throws', {
          available: () => {
            throw new Error('boom');
          },
        }),
        plugin('plain', {}),
      ),
    );
    expect(calls).toBe(0);
    expect(checks.map((check) => [check.name, check.enabled, check.usable, check.available.reason])).toEqual([
      ['nokey', true, false, 'X_KEY is not set'],
      ['off', false, false, 'agents.off.enabled is false'],
      ['plain', true, true, undefined],
      ['throws', true, false, 'available() threw: boom'],
    ]);
  });

  it('gives up on a health() that ignores its signal', async () => {
    const stuck = plugin('stuck', { health: () => new Promise<Availability>(() => undefined) });
    const rejects = plugin('rejects', { health: () => Promise.reject(new Error('nope')) });
    const checks = await checkAgents(registry(stuck, rejects), { timeoutMs: 20 });
    expect(checks.map((check) => [check.name, check.usable, check.health?.reason])).toEqual([
      ['rejects', false, 'health() threw: nope'],
      ['stuck', false, 'health() did not finish within 20 ms'],
    ]);
  });
});
