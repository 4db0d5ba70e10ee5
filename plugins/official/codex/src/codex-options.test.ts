import type { AgentEnvironment, AgentRequest } from '@payready/agent-contract';
import { describe, expect, it } from 'vitest';
import { codexOptions, DEFAULT_MODEL, OPENAI_BASE_URL } from './codex-options.js';

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

describe('codexOptions', () => {
  it('defaults: OpenAI, responses API, gpt-5-mini', () => {
    expect(codexOptions(request(), environment())).toEqual({
      backend: 'api',
      api: 'responses',
      model: DEFAULT_MODEL,
      modelListed: true,
      maxTokensField: 'max_completion_tokens',
      baseURL: OPENAI_BASE_URL,
      isOpenAI: true,
      label: 'openai',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('--model, then persona, then settings; a model outside `models` is allowed but flagged', () => {
    const settings = { model: 's', models: ['s', 'p'] };
    expect(
      codexOptions(request({ model: 'f', persona: { name: 'p', model: 'p' } }), environment(settings)),
    ).toMatchObject({ model: 'f', modelListed: false });
    expect(codexOptions(request({ persona: { name: 'p', model: 'p' } }), environment(settings))).toMatchObject({
      model: 'p',
      modelListed: true,
    });
    expect(codexOptions(request(), environment(settings)).model).toBe('s');
  });

  it('a compatible server: from settings or OPENAI_BASE_URL, named in messages, max_tokens for its models', () => {
    const local = codexOptions(
      request({ model: 'llama3.3' }),
      environment({ api: 'chat' }, { OPENAI_BASE_URL: 'http://localhost:11434/v1' }),
    );
    expect(local).toMatchObject({
      api: 'chat',
      isOpenAI: false,
      label: 'openai-compatible localhost:11434',
      maxTokensField: 'max_tokens',
    });
    expect(
      codexOptions(request({ model: 'gpt-5' }), environment({ base_url: 'http://proxy:4000/v1' })).maxTokensField,
    ).toBe('max_completion_tokens');
  });

  it('keeps the configured api with a base_url (responses by default)', () => {
    expect(codexOptions(request(), environment({ base_url: 'http://localhost:1234/v1' })).api).toBe('responses');
  });

  it('temperature only for models that accept it', () => {
    expect(codexOptions(request({ model: 'llama3.3' }), environment({ temperature: 0.4 }))).toMatchObject({
      temperature: 0.4,
    });
    const reasoning = codexOptions(request({ model: 'gpt-5' }), environment({ temperature: 0.4 }));
    expect(reasoning.temperature).toBeUndefined();
    expect(reasoning.droppedTemperature).toBe(0.4);
  });
});
