import type { AgentEnvironment, AgentRequest } from '@payready/agent-contract';
import { describe, expect, it } from 'vitest';
import { claudeOptions, DEFAULT_BASE_URL, DEFAULT_MAX_TOKENS, DEFAULT_MODEL } from './claude-options.js';

function environment(settings: Record<string, unknown> = {}, env: Record<string, string> = {}): AgentEnvironment {
  return {
    settings,
    env,
    paths: { cacheDir: '', dataDir: '', configDir: '', stateDir: '', cwd: '' },
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined },
    resolveKey: () => undefined,
  };
}

const request = (overrides: Partial<AgentRequest> = {}): AgentRequest => ({
  text: 'hi',
  persona: { name: 'default' },
  ...overrides,
});

describe('claudeOptions', () => {
  it('defaults', () => {
    expect(claudeOptions(request(), environment())).toEqual({
      backend: 'api',
      model: DEFAULT_MODEL,
      maxTokens: DEFAULT_MAX_TOKENS,
      baseURL: DEFAULT_BASE_URL,
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('--model, then persona, then settings', () => {
    const settings = { model: 's' };
    expect(
      claudeOptions(request({ model: 'f', persona: { name: 'p', model: 'p' } }), environment(settings)).model,
    ).toBe('f');
    expect(claudeOptions(request({ persona: { name: 'p', model: 'p' } }), environment(settings)).model).toBe('p');
    expect(claudeOptions(request(), environment(settings)).model).toBe('s');
  });

  it('base URL: settings, then ANTHROPIC_BASE_URL of the agent environment', () => {
    expect(
      claudeOptions(request(), environment({ base_url: 'http://a' }, { ANTHROPIC_BASE_URL: 'http://b' })).baseURL,
    ).toBe('http://a');
    expect(claudeOptions(request(), environment({}, { ANTHROPIC_BASE_URL: 'http://b' })).baseURL).toBe('http://b');
  });

  it('max_tokens: persona, then settings; system from the persona', () => {
    const options = claudeOptions(
      request({ persona: { name: 'p', maxTokens: 10, system: 'be brief' } }),
      environment({ max_tokens: 99 }),
    );
    expect(options).toMatchObject({ maxTokens: 10, system: 'be brief' });
    expect(claudeOptions(request(), environment({ max_tokens: 99 })).maxTokens).toBe(99);
  });

  it('reports a configured temperature as dropped (API version 2026-10-21 rejects it)', () => {
    expect(claudeOptions(request(), environment({ temperature: 0.5 })).droppedTemperature).toEqual({
      value: 0.5,
      from: 'settings',
    });
    expect(
      claudeOptions(request({ persona: { name: 'p', temperature: 0 } }), environment()).droppedTemperature,
    ).toEqual({ value: 0, from: 'persona' });
  });

  it('backend cli', () => {
    expect(claudeOptions(request(), environment({ backend: 'cli' })).backend).toBe('cli');
  });
});
