import { cjsExports } from '../node/cjs-exports.js';
import type { LoadedConfig, Origin } from './types.js';

function describeOrigin(origin: Origin | undefined): string {
  if (!origin) return 'default';
  return origin.line === undefined ? origin.source : `${origin.source}:${origin.line}`;
}

/** The effective config as YAML; with `origins`, each leaf ends in `# from <file:line | env:… | --flag | default>`. */
export async function renderConfigYaml(loaded: LoadedConfig, options: { origins?: boolean } = {}): Promise<string> {
  const { Document, isMap, isScalar, isSeq } = cjsExports(await import('yaml'));
  const doc = new Document(loaded.config);
  if (!options.origins) return doc.toString();
  const annotate = (node: unknown, path: string): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const here = path === '' ? key : `${path}.${key}`;
      const value = pair.value;
      if (isMap(value) && value.items.length > 0) {
        annotate(value, here);
        continue;
      }
      // Lists print on one line so the comment sits next to the key it explains.
      if (isSeq(value) || isMap(value)) value.flow = true;
      if (isScalar(value) || isSeq(value) || isMap(value))
        value.comment = ` from ${describeOrigin(loaded.origins[here])}`;
    }
  };
  annotate(doc.contents, '');
  return doc.toString();
}
