import type { RegisterPlugins } from '@payready/agent-contract';
import * as agno from '@payready/plugin-agno';
import * as claude from '@payready/plugin-claude';
import * as codex from '@payready/plugin-codex';
import * as local from '@payready/plugin-local';
import * as web from '@payready/plugin-web';

/**
 * The official agents, registered through the same `registerPlugins` path as community plugins. Imported
 * statically: every registry loads all five, and in the bundle a dynamic import per plugin only made five more
 * chunks to resolve and read at each start. What they share with answering (SDK clients, search providers,
 * minisearch) is imported inside execute().
 */
export const OFFICIAL_PLUGINS: ReadonlyArray<{
  source: string;
  load: () => Promise<{ registerPlugins: RegisterPlugins }>;
}> = [
  { source: '@payready/plugin-local', load: () => Promise.resolve(local) },
  { source: '@payready/plugin-claude', load: () => Promise.resolve(claude) },
  { source: '@payready/plugin-codex', load: () => Promise.resolve(codex) },
  { source: '@payready/plugin-web', load: () => Promise.resolve(web) },
  { source: '@payready/plugin-agno', load: () => Promise.resolve(agno) },
];
