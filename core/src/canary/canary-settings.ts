import type { AgentSettings } from '@payready/agent-contract';

/** `agents.<name>.canary` as validated by the config schema. */
export interface CanarySettings {
  model?: string;
  endpoint?: string;
  percent: number;
}

/** Where each official agent keeps the URL a canary's `endpoint` replaces. */
const ENDPOINT_KEYS: Readonly<Record<string, string>> = { claude: 'base_url', codex: 'base_url', agno: 'url' };

export function canaryOf(settings: AgentSettings): CanarySettings | undefined {
  const canary = settings.canary as Partial<CanarySettings> | undefined;
  if (typeof canary !== 'object' || canary === null || typeof canary.percent !== 'number') return undefined;
  return canary as CanarySettings;
}

/** A remote agent (executed by other `payready serve` instances) keeps its URL in `endpoint`. */
export function isRemoteAgent(settings: AgentSettings): boolean {
  return settings.endpoint !== undefined || settings.discovery === 'consul';
}

/**
 * The setting a canary `endpoint` replaces for this agent: `endpoint` for a remote agent, else the agent's
 * own base URL key (community agents: `base_url`, the convention the official ones follow).
 */
export function canaryEndpointKey(name: string, settings: AgentSettings): string {
  return isRemoteAgent(settings) ? 'endpoint' : (ENDPOINT_KEYS[name] ?? 'base_url');
}

/**
 * The settings the canary side runs with: the stable ones with the canary's model and endpoint in place and
 * the canary block removed. `payready canary promote` writes exactly these keys into the config file.
 */
export function canaryPromotion(name: string, settings: AgentSettings): Record<string, string> {
  const canary = canaryOf(settings);
  if (!canary) return {};
  return {
    ...(canary.model !== undefined ? { model: canary.model } : {}),
    ...(canary.endpoint !== undefined ? { [canaryEndpointKey(name, settings)]: canary.endpoint } : {}),
  };
}

export function canarySettings(name: string, settings: AgentSettings): AgentSettings {
  const { canary: _canary, discovery, ...rest } = settings;
  const promoted = canaryPromotion(name, settings);
  // A canary endpoint replaces Consul discovery too: its traffic goes to that one instance.
  const keepDiscovery = discovery !== undefined && !('endpoint' in promoted);
  return { ...rest, ...(keepDiscovery ? { discovery } : {}), ...promoted };
}
