import { CONTRACT_VERSION, type AgentPlugin } from '@payready/agent-contract';

/** Why a registered object is not a usable AgentPlugin, or undefined when it is. */
export function pluginShapeProblem(candidate: unknown): string | undefined {
  if (typeof candidate !== 'object' || candidate === null) return 'register() was called with a non-object';
  const plugin = candidate as Partial<AgentPlugin>;
  if (typeof plugin.name !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(plugin.name)) {
    return `plugin name must be a lower-case identifier, got ${JSON.stringify(plugin.name)}`;
  }
  if (plugin.contractVersion !== CONTRACT_VERSION) {
    return `plugin "${plugin.name}" targets agent contract v${String(plugin.contractVersion)}, this payready speaks v${CONTRACT_VERSION}`;
  }
  for (const method of ['canHandle', 'available', 'execute'] as const) {
    if (typeof plugin[method] !== 'function') return `plugin "${plugin.name}" has no ${method}() function`;
  }
  return undefined;
}
