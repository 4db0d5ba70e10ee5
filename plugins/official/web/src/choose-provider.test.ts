import type { AgentEnvironment, AgentSettings } from '@payready/agent-contract';
import { describe, expect, it } from 'vitest';
import { chooseProvider } from './choose-provider.js';
import { createWebPlugin } from './web-plugin.js';

function environment(settings: AgentSettings, env: Record<string, string | undefined> = {}): AgentEnvironment {
  return {
    settings,
    env,
    paths: { cacheDir: '/tmp/c', dataDir: '/tmp/d', configDir: '/tmp/f', stateDir: '/tmp/s', cwd: '/tmp' },
    logger: { debug() {}, info() {}, warn() {} },
    resolveKey: (names) => {
      const name = names.find((candidate) => env[candidate]);
      return name ? { value: env[name]!, source: `env:${name}` } : undefined;
    },
  };
}

const ALL = { SEARXNG_URL: 'http://127.0.0.1:8888', BRAVE_API_KEY: 'b', TAVILY_API_KEY: 't' };

describe('chooseProvider', () => {
  it('auto takes the first configured of searxng, brave, tavily', () => {
    expect(chooseProvider(environment({ provider: 'auto' }, ALL)).provider?.name).toBe('searxng');
    expect(chooseProvider(environment({ provider: 'auto' }, { ...ALL, SEARXNG_URL: '' })).provider?.name).toBe('brave');
    expect(chooseProvider(environment({}, { TAVILY_API_KEY: 't' })).provider?.name).toBe('tavily');
  });

  it('accepts agents.web.searxng_url instead of SEARXNG_URL', () => {
    expect(
      chooseProvider(environment({ searxng_url: 'http://localhost:8888' }, { BRAVE_API_KEY: 'b' })).provider?.name,
    ).toBe('searxng');
  });

  it('an explicit provider wins over the order, and says what is missing when unconfigured', () => {
    expect(chooseProvider(environment({ provider: 'tavily' }, ALL)).provider?.name).toBe('tavily');
    const missing = chooseProvider(environment({ provider: 'brave' }, { TAVILY_API_KEY: 't' }));
    expect(missing.provider).toBeUndefined();
    expect(missing).toMatchObject({ reason: expect.stringContaining('BRAVE_API_KEY') });
  });

  it('nothing configured: available() is missingCredentials and the fix names all three options', () => {
    const status = createWebPlugin().available(environment({ provider: 'auto' }));
    expect(status).toMatchObject({ ok: false, missingCredentials: true });
    for (const option of ['SEARXNG_URL', 'searxng_url', 'BRAVE_API_KEY', 'TAVILY_API_KEY']) {
      expect(status.fix).toContain(option);
    }
  });

  it('available() is ok with any one provider, and off when disabled', () => {
    const plugin = createWebPlugin();
    expect(plugin.available(environment({}, { BRAVE_API_KEY: 'b' }))).toEqual({ ok: true });
    expect(plugin.available(environment({ enabled: false }, ALL)).ok).toBe(false);
  });
});
