import type { RegisterPlugins } from '@payready/agent-contract';

/**
 * The official agents, registered through the same `registerPlugins` path as community plugins. Each is a
 * separate chunk in the CLI bundle; its provider SDK is imported only inside execute().
 */
export const OFFICIAL_PLUGINS: ReadonlyArray<{
  source: string;
  load: () => Promise<{ registerPlugins: RegisterPlugins }>;
}> = [
  { source: '@payready/plugin-local', load: () => import('@payready/plugin-local') },
  { source: '@payready/plugin-claude', load: () => import('@payready/plugin-claude') },
  { source: '@payready/plugin-codex', load: () => import('@payready/plugin-codex') },
  { source: '@payready/plugin-web', load: () => import('@payready/plugin-web') },
  { source: '@payready/plugin-agno', load: () => import('@payready/plugin-agno') },
];
