/**
 * The exports of a dynamically imported module, CommonJS or ESM. Node gives a CommonJS module's named
 * exports on the namespace; the CLI's esbuild bundle (code splitting) gives only `default` (the
 * `module.exports` object), so `const { X } = await import('cjs')` is undefined there. Either way, this
 * returns an object with the named exports.
 */
export function cjsExports<T extends object>(namespace: T): T {
  const inner = (namespace as { default?: unknown }).default;
  return inner !== null && (typeof inner === 'object' || typeof inner === 'function')
    ? ({ ...(inner as object), ...namespace } as T)
    : namespace;
}
