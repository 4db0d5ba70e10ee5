/** Where a node of one layer was written. `line`/`column` locate its key; `valueLine`/`valueColumn` its value. */
export interface NodeOrigin {
  source: string;
  line?: number;
  column?: number;
  valueLine?: number;
  valueColumn?: number;
}

/** One source of configuration: a plain value tree plus the origin of every node in it (dotted paths). */
export interface Layer {
  value: Record<string, unknown>;
  origins: Map<string, NodeOrigin>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The origin of `path`, or of its nearest ancestor that has one (array elements of env values have none). */
export function originAt(
  origins: ReadonlyMap<string, NodeOrigin>,
  path: readonly PropertyKey[],
): NodeOrigin | undefined {
  for (let length = path.length; length > 0; length--) {
    const origin = origins.get(dotted(path.slice(0, length)));
    if (origin) return origin;
  }
  return undefined;
}

export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * Sets `value` at `path`, creating objects on the way (and replacing non-objects in the way); every node on
 * the way gets `origin` unless it already has one.
 */
export function setPath(layer: Layer, path: readonly string[], value: unknown, origin: NodeOrigin): void {
  let node = layer.value;
  path.forEach((key, index) => {
    const here = dotted(path.slice(0, index + 1));
    if (index === path.length - 1) {
      node[key] = value;
      layer.origins.set(here, origin);
      return;
    }
    if (!isPlainObject(node[key])) node[key] = {};
    if (!layer.origins.has(here)) layer.origins.set(here, origin);
    node = node[key] as Record<string, unknown>;
  });
}

function dropSubtree(origins: Map<string, NodeOrigin>, path: string): void {
  for (const key of [...origins.keys()]) {
    if (key === path || key.startsWith(`${path}.`)) origins.delete(key);
  }
}

function copySubtree(from: ReadonlyMap<string, NodeOrigin>, to: Map<string, NodeOrigin>, path: string): void {
  for (const [key, origin] of from) {
    if (key === path || key.startsWith(`${path}.`)) to.set(key, origin);
  }
}

function mergeInto(
  target: Layer,
  source: Layer,
  into: Record<string, unknown>,
  from: Record<string, unknown>,
  path: string[],
): void {
  for (const [key, value] of Object.entries(from)) {
    const here = [...path, key];
    const name = dotted(here);
    const existing = into[key];
    if (isPlainObject(value) && isPlainObject(existing)) {
      const origin = source.origins.get(name);
      if (origin) target.origins.set(name, origin);
      mergeInto(target, source, existing, value, here);
    } else {
      dropSubtree(target.origins, name);
      into[key] = structuredClone(value);
      copySubtree(source.origins, target.origins, name);
    }
  }
}

/** Deep-merges layers, later ones winning: objects merge key by key, arrays and scalars replace whole. */
export function mergeLayers(layers: readonly Layer[]): Layer {
  const merged: Layer = { value: {}, origins: new Map() };
  for (const layer of layers) mergeInto(merged, layer, merged.value, layer.value, []);
  return merged;
}
