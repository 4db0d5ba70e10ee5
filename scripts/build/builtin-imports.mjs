// Rewrites our own static imports of Node built-ins (`import { readFileSync } from 'node:fs'`) into
// `const { readFileSync } = process.getBuiltinModule('node:fs')` in the bundle.
//
// Why: the ES-module facade of a built-in is filled by reading every export of the CommonJS module, and that
// runs each lazy getter. One `import … from 'node:fs'` thus loads fs/promises, the file watchers, the stream
// classes and their internals: 19 internal modules that `payready route` never uses. process.getBuiltinModule
// (Node ≥ 20.16) hands back the CommonJS module without the facade. Source keeps ordinary imports; type-only
// names are dropped, as TypeScript would.

const BUILTIN_IMPORT =
  /^import\s+(?!type\s)(?:(\w+)\s*,\s*)?(?:\*\s+as\s+(\w+)|(\{[^}]*\})|(\w+))\s+from\s+'(node:[a-z_/]+)';?[ \t]*$/gm;

function destructure(list) {
  const names = list
    .slice(1, -1)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('type '))
    .map((item) => item.replace(/\s+as\s+/, ': '));
  return names.length === 0 ? undefined : `{ ${names.join(', ')} }`;
}

export function rewriteBuiltinImports(source) {
  return source.replace(BUILTIN_IMPORT, (statement, defaultAndNamed, namespace, named, single, specifier) => {
    const module = `process.getBuiltinModule(${JSON.stringify(specifier)})`;
    const bindings = [defaultAndNamed, namespace, single].filter(Boolean);
    if (named) {
      const pattern = destructure(named);
      if (pattern) bindings.push(pattern);
    }
    if (bindings.length === 0) return '';
    return bindings.map((binding) => `const ${binding} = ${module};`).join('\n');
  });
}
