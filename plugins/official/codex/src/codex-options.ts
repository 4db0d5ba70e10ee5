import type { AgentEnvironment, AgentRequest, AgentSettings } from '@payready/agent-contract';

export const DEFAULT_MODEL = 'gpt-5-mini';
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface CodexOptions {
  backend: 'api' | 'cli';
  /** `responses` (OpenAI's default) or `chat` (Chat Completions, for OpenAI-compatible servers). */
  api: 'responses' | 'chat';
  model: string;
  /** False when the model is not in `agents.codex.models` (still used: `--model` may name any model). */
  modelListed: boolean;
  maxTokens?: number;
  /**
   * Chat Completions' name for it: gpt-5 and o-series models reject `max_tokens`, while compatible servers
   * have long understood only `max_tokens`.
   */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** Only for models that accept it: gpt-5 and o-series reasoning models reject non-default values. */
  temperature?: number;
  droppedTemperature?: number;
  system?: string;
  baseURL: string;
  /** True for api.openai.com; false for Ollama, vLLM, llama.cpp, LM Studio and other compatible servers. */
  isOpenAI: boolean;
  /** How errors name the upstream: `openai`, or `openai-compatible 127.0.0.1:11434`. */
  label: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
}

const REASONING_MODEL = /^(gpt-5|o\d)/;

/** `--model` beats the persona, which beats `agents.codex.model`; the base URL: settings, then OPENAI_BASE_URL. */
export function codexOptions(request: AgentRequest, environment: AgentEnvironment): CodexOptions {
  const { settings, env } = environment;
  const model = request.model ?? request.persona.model ?? stringSetting(settings, 'model') ?? DEFAULT_MODEL;
  const listed = Array.isArray(settings.models) ? (settings.models as unknown[]) : undefined;
  const baseURL = stringSetting(settings, 'base_url') ?? nonEmpty(env.OPENAI_BASE_URL) ?? OPENAI_BASE_URL;
  const host = hostOf(baseURL);
  const isOpenAI = host === 'api.openai.com' || host.endsWith('.openai.com');
  const temperature = request.persona.temperature ?? numberSetting(settings, 'temperature');
  const maxTokens = request.persona.maxTokens ?? numberSetting(settings, 'max_tokens');
  const system = request.persona.system;
  const sendsTemperature = temperature !== undefined && !REASONING_MODEL.test(model);
  return {
    backend: settings.backend === 'cli' ? 'cli' : 'api',
    api: settings.api === 'chat' ? 'chat' : 'responses',
    model,
    modelListed: listed === undefined || listed.includes(model),
    maxTokensField: isOpenAI || REASONING_MODEL.test(model) ? 'max_completion_tokens' : 'max_tokens',
    baseURL,
    isOpenAI,
    label: isOpenAI ? 'openai' : `openai-compatible ${host}`,
    messages: [...(request.history ?? []), { role: 'user', content: request.text }],
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(sendsTemperature ? { temperature } : {}),
    ...(temperature !== undefined && !sendsTemperature ? { droppedTemperature: temperature } : {}),
    ...(system ? { system } : {}),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function stringSetting(settings: AgentSettings, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberSetting(settings: AgentSettings, key: string): number | undefined {
  const value = settings[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
