import { readFileSync } from 'node:fs';
import { decodeRouterModel } from './model.js';
import type { RouterModel, RouterModelFile } from './model.js';

/**
 * Where the shipped model sits next to this module: `model/router-model.json` in the source tree, and the copy
 * scripts/build.mjs puts beside the bundle's chunks (`dist/chunks/model/`), since every chunk lives in one
 * directory. Read as JSON rather than imported: V8 parses 128 KB of JSON about five times faster than the
 * same object as a JavaScript module, and this is on the path of every `payready route` and `ask`.
 */
export const SHIPPED_MODEL_URL = new URL('./model/router-model.json', import.meta.url);

/** Loads the router model: from `path` if given (evaluation of a candidate model), else the shipped one. */
export async function loadRouterModel(path?: string): Promise<RouterModel> {
  return decodeRouterModel(JSON.parse(readFileSync(path ?? SHIPPED_MODEL_URL, 'utf8')) as RouterModelFile);
}
