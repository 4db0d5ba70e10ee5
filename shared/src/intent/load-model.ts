import { readFileSync } from 'node:fs';
import { decodeRouterModel } from './model.js';
import type { RouterModel, RouterModelFile } from './model.js';

/**
 * Loads the router model: from `path` if given (evaluation of a candidate model), else the shipped
 * `model/router-model.json` through a dynamic import, which esbuild turns into a chunk of its own, so the
 * ~1 MB of weights is read only by a process that routes, never at CLI start-up. Works the same from source
 * (vitest) and from the bundle in apps/cli/dist, with no path arithmetic.
 */
export async function loadRouterModel(path?: string): Promise<RouterModel> {
  if (path !== undefined) return decodeRouterModel(JSON.parse(readFileSync(path, 'utf8')) as RouterModelFile);
  const module = await import('./model/router-model.json', { with: { type: 'json' } });
  return decodeRouterModel(module.default as unknown as RouterModelFile);
}
