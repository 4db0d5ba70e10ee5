import {
  AgentError,
  CONTRACT_VERSION,
  type AgentPlugin,
  type PluginApi,
  type RegisterPlugins,
} from '@payready/agent-contract';
import { OFFICIAL_PLUGINS } from './official-plugins.js';
import type { CommunityPluginSource } from './community-plugins.js';
import type { PluginLoadFailure } from './plugin-load-failure.js';
import { pluginShapeProblem } from './validate-plugin.js';

const PLUGIN_API: PluginApi = { contractVersion: CONTRACT_VERSION, AgentError };

export interface LoadedPlugins {
  plugins: Map<string, { plugin: AgentPlugin; source: string }>;
  failures: PluginLoadFailure[];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadOne(source: string, load: () => Promise<unknown>, into: LoadedPlugins): Promise<void> {
  try {
    const module = (await load()) as {
      registerPlugins?: RegisterPlugins;
      default?: { registerPlugins?: RegisterPlugins };
    };
    const registerPlugins = module.registerPlugins ?? module.default?.registerPlugins;
    if (typeof registerPlugins !== 'function') {
      into.failures.push({ source, reason: 'module has no registerPlugins export' });
      return;
    }
    await registerPlugins((plugin) => {
      const problem = pluginShapeProblem(plugin);
      if (problem) {
        into.failures.push({ source, reason: problem });
        return;
      }
      const existing = into.plugins.get(plugin.name);
      if (existing) {
        into.failures.push({
          source,
          reason: `an agent named "${plugin.name}" is already registered by ${existing.source}`,
        });
        return;
      }
      into.plugins.set(plugin.name, { plugin, source });
    }, PLUGIN_API);
  } catch (error) {
    into.failures.push({ source, reason: describe(error) });
  }
}

/**
 * Loads the official plugins, then the community ones, through one path. A plugin that throws or registers
 * something malformed is recorded as a failure; the others still load.
 */
export async function loadPlugins(community: readonly CommunityPluginSource[]): Promise<LoadedPlugins> {
  const loaded: LoadedPlugins = { plugins: new Map(), failures: [] };
  await Promise.all(OFFICIAL_PLUGINS.map(({ source, load }) => loadOne(source, load, loaded)));
  for (const { source, url } of community) {
    await loadOne(source, () => import(url), loaded);
  }
  return loaded;
}
