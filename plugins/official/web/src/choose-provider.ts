import type { AgentEnvironment } from '@payready/agent-contract';
import { createBraveProvider } from './brave-provider.js';
import { createSearxngProvider } from './searxng-provider.js';
import type { ProviderName, SearchProvider } from './search-provider.js';
import { createTavilyProvider } from './tavily-provider.js';

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

function configured(name: ProviderName, environment: AgentEnvironment): SearchProvider | undefined {
  const { settings, env } = environment;
  switch (name) {
    case 'searxng': {
      const baseUrl = nonEmpty(settings.searxng_url) ?? nonEmpty(env.SEARXNG_URL);
      return baseUrl ? createSearxngProvider({ baseUrl }) : undefined;
    }
    case 'brave': {
      const key = environment.resolveKey(['BRAVE_API_KEY']);
      // BRAVE_BASE_URL points the client at a proxy or a local fake; the config schema has no key for it.
      return key ? createBraveProvider({ apiKey: key.value, baseUrl: nonEmpty(env.BRAVE_BASE_URL) }) : undefined;
    }
    case 'tavily': {
      const key = environment.resolveKey(['TAVILY_API_KEY']);
      return key ? createTavilyProvider({ apiKey: key.value, baseUrl: nonEmpty(env.TAVILY_BASE_URL) }) : undefined;
    }
  }
}

export type ProviderChoice = { provider: SearchProvider } | { provider?: undefined; reason: string; fix: string };

/** The search provider `agents.web.provider` selects, or why there is none. No network. */
export function chooseProvider(environment: AgentEnvironment): ProviderChoice {
  const wanted = nonEmpty(environment.settings.provider) ?? 'auto';
  if (wanted !== 'auto') {
    const name = wanted as ProviderName;
    if (!PROVIDER_ORDER.includes(name)) {
      return {
        reason: `unknown web search provider "${wanted}"`,
        fix: `set agents.web.provider to auto, ${PROVIDER_ORDER.join(', ')}`,
      };
    }
    const provider = configured(name, environment);
    return provider
      ? { provider }
      : { reason: `agents.web.provider is ${name} but ${SETUP[name].missing}`, fix: SETUP[name].fix };
  }
  for (const name of PROVIDER_ORDER) {
    const provider = configured(name, environment);
    if (provider) return { provider };
  }
  return {
    reason: 'no web search provider is configured',
    fix: `${PROVIDER_ORDER.map((name) => SETUP[name].fix).join('; or ')}`,
  };
}
