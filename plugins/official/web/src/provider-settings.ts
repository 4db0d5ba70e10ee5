import type { AgentEnvironment } from '@payready/agent-contract';
import type { ProviderName } from './search-provider.js';

/** `provider: auto` takes the first of these that is configured: self-hosted first, then the paid APIs. */
export const PROVIDER_ORDER: readonly ProviderName[] = ['searxng', 'brave', 'tavily'];

const SETUP: Record<ProviderName, { missing: string; fix: string }> = {
  searxng: {
    missing: 'no SearXNG URL is set',
    fix: 'set SEARXNG_URL (or agents.web.searxng_url) to a SearXNG instance with `json` in search.formats',
  },
  brave: { missing: 'BRAVE_API_KEY is not set', fix: 'export BRAVE_API_KEY=… (or run `payready keys set brave`)' },
  tavily: { missing: 'TAVILY_API_KEY is not set', fix: 'export TAVILY_API_KEY=… (or run `payready keys set tavily`)' },
};

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** What a configured provider is built from: enough to say the web agent is available, with no client code. */
export interface ProviderSettings {
  name: ProviderName;
  baseUrl?: string;
  apiKey?: string;
}

function configured(name: ProviderName, environment: AgentEnvironment): ProviderSettings | undefined {
  const { settings, env } = environment;
  switch (name) {
    case 'searxng': {
      const baseUrl = nonEmpty(settings.searxng_url) ?? nonEmpty(env.SEARXNG_URL);
      return baseUrl ? { name, baseUrl } : undefined;
    }
    case 'brave': {
      const key = environment.resolveKey(['BRAVE_API_KEY']);
      // BRAVE_BASE_URL points the client at a proxy or a local fake; the config schema has no key for it.
      return key ? { name, apiKey: key.value, baseUrl: nonEmpty(env.BRAVE_BASE_URL) } : undefined;
    }
    case 'tavily': {
      const key = environment.resolveKey(['TAVILY_API_KEY']);
      return key ? { name, apiKey: key.value, baseUrl: nonEmpty(env.TAVILY_BASE_URL) } : undefined;
    }
  }
}

export type SettingsChoice = { settings: ProviderSettings } | { settings?: undefined; reason: string; fix: string };

/** The search provider `agents.web.provider` selects, or why there is none. No network, no client code. */
export function chooseProviderSettings(environment: AgentEnvironment): SettingsChoice {
  const wanted = nonEmpty(environment.settings.provider) ?? 'auto';
  if (wanted !== 'auto') {
    const name = wanted as ProviderName;
    if (!PROVIDER_ORDER.includes(name)) {
      return {
        reason: `unknown web search provider "${wanted}"`,
        fix: `set agents.web.provider to auto, ${PROVIDER_ORDER.join(', ')}`,
      };
    }
    const settings = configured(name, environment);
    return settings
      ? { settings }
      : { reason: `agents.web.provider is ${name} but ${SETUP[name].missing}`, fix: SETUP[name].fix };
  }
  for (const name of PROVIDER_ORDER) {
    const settings = configured(name, environment);
    if (settings) return { settings };
  }
  return {
    reason: 'no web search provider is configured',
    fix: `${PROVIDER_ORDER.map((name) => SETUP[name].fix).join('; or ')}`,
  };
}
