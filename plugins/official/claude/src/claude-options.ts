import type { AgentEnvironment, AgentRequest, AgentSettings } from '@payready/agent-contract';

// claude-sonnet-4-5 is deprecated in @anthropic-ai/sdk 1.14 (src/internal/data/deprecated-models.ts); keep the
// default on a current model so no call triggers the SDK's deprecation warning on stderr.
export const DEFAULT_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_MAX_TOKENS = 4096;
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** Everything one call needs, resolved from the request, the persona, the settings and the environment. */
export interface ClaudeOptions {
  backend: 'api' | 'cli';
  model: string;
  maxTokens: number;
  system?: string;
  baseURL: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  /** A temperature that was configured but is not sent (see below), and where it came from. */
  droppedTemperature?: { value: number; from: 'persona' | 'settings' };
}

/**
 * `--model` beats the persona, which beats `agents.claude.model`. The base URL comes from the settings, then
 * `ANTHROPIC_BASE_URL` of the agent's environment (passed explicitly so the SDK never reads process.env
 * behind the executor's back).
 */
export function claudeOptions(request: AgentRequest, environment: AgentEnvironment): ClaudeOptions {
  const { settings, env } = environment;
  const system = request.persona.system;
  const options: ClaudeOptions = {
    backend: settings.backend === 'cli' ? 'cli' : 'api',
    model: request.model ?? request.persona.model ?? stringSetting(settings, 'model') ?? DEFAULT_MODEL,
    maxTokens: request.persona.maxTokens ?? numberSetting(settings, 'max_tokens') ?? DEFAULT_MAX_TOKENS,
    baseURL: stringSetting(settings, 'base_url') ?? nonEmpty(env.ANTHROPIC_BASE_URL) ?? DEFAULT_BASE_URL,
    messages: [...(request.history ?? []), { role: 'user', content: request.text }],
    ...(system ? { system } : {}),
  };
  // API version 2026-10-21, which @anthropic-ai/sdk 1.x sends on every request, answers 400 to any
  // temperature/top_p/top_k, default values included; the SDK's types no longer have the field. So a
  // configured temperature is reported, never sent.
  const temperature = request.persona.temperature ?? numberSetting(settings, 'temperature');
  if (temperature !== undefined) {
    options.droppedTemperature = {
      value: temperature,
      from: request.persona.temperature === undefined ? 'settings' : 'persona',
    };
  }
  return options;
}

export function stringSetting(settings: AgentSettings, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function numberSetting(settings: AgentSettings, key: string): number | undefined {
  const value = settings[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
