import type { AgentEnvironment } from '@payready/agent-contract';
import { createBraveProvider } from './brave-provider.js';
import { chooseProviderSettings, type ProviderSettings } from './provider-settings.js';
import { createSearxngProvider } from './searxng-provider.js';
import type { SearchProvider } from './search-provider.js';
import { createTavilyProvider } from './tavily-provider.js';

export { PROVIDER_ORDER } from './provider-settings.js';

function create(settings: ProviderSettings): SearchProvider {
  switch (settings.name) {
    case 'searxng':
      return createSearxngProvider({ baseUrl: settings.baseUrl! });
    case 'brave':
      return createBraveProvider({ apiKey: settings.apiKey!, baseUrl: settings.baseUrl });
    case 'tavily':
      return createTavilyProvider({ apiKey: settings.apiKey!, baseUrl: settings.baseUrl });
  }
}

export type ProviderChoice = { provider: SearchProvider } | { provider?: undefined; reason: string; fix: string };

/** The search provider `agents.web.provider` selects, ready to search, or why there is none. No network. */
export function chooseProvider(environment: AgentEnvironment): ProviderChoice {
  const choice = chooseProviderSettings(environment);
  return choice.settings ? { provider: create(choice.settings) } : choice;
}
