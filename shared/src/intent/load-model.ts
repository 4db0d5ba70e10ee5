import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeRouterModel } from './model.js';
import type { RouterModel, RouterModelFile } from './model.js';

/**
 * Where the shipped model sits next to this module: `model/` in the source tree, and the copy scripts/build.mjs
 * puts beside each bundle (`dist/chunks/model/`, `dist/hot/model/`). Read as JSON rather than imported: V8
 * parses JSON about five times faster than the same object as a JavaScript module, and this is on the path of
 * every `payready route` and `ask`.
 */
export const SHIPPED_MODEL_URL = new URL('./model/router-model.json', import.meta.url);

/** Loads the router model: from `path` if given (evaluation of a candidate model), else the shipped one. */
export async function loadRouterModel(path?: string): Promise<RouterModel> {
  const header = path === undefined ? SHIPPED_MODEL_URL : pathToFileURL(resolve(path));
  const file = JSON.parse(readFileSync(header, 'utf8')) as RouterModelFile;
  return decodeRouterModel(file, readFileSync(new URL(file.weightsFile, header)));
}
