// A source rewrite (scripts/build/source-rewrites.mjs) that points imports of the workspace's barrel modules (`@payready/shared`, `@payready/core`,
// `@payready/agent-contract`) straight at the files that define each name.
//
// Why: with code splitting, esbuild assigns a module to every entry point that reaches it through import
// records, including the re-export records of a barrel, whether or not the name is used. A command that
// imported one error class from `@payready/shared` therefore also loaded the routing model, the redaction
// layer and the usage log; `payready route` loaded the answer cache, the history store and lru-cache. Source
// keeps the idiomatic package imports; only the bundle sees the direct ones.
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

const BARRELS = {
  '@payready/shared': 'shared/src/index.ts',
  '@payready/core': 'core/src/index.ts',
  '@payready/agent-contract': 'contract/src/index.ts',
  // Plugins import findExecutable from here to say whether they are available; the rest (HTTP error details,
  // the fetch, the CLI runner) is for answering.
  '@payready/shared/upstream': 'shared/src/upstream/index.ts',
  '@payready/shared/config': 'shared/src/config/index.ts',
};

const IMPORT_FROM_BARREL =
  /^(import|export)\s+(type\s+)?\{([^}]*)\}\s+from\s+'(@payready\/(?:shared|core|agent-contract|shared\/upstream|shared\/config))';?[ \t]*$/gm;

function resolveAlias(checker, symbol) {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** For every barrel: exported name → { file, name } of its definition, or 'type' for type-only exports. */
function definitionMaps(root) {
  const program = ts.createProgram(
    Object.values(BARRELS).map((barrel) => join(root, barrel)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      customConditions: ['source'],
      resolveJsonModule: true,
      noEmit: true,
      skipLibCheck: true,
    },
  );
  const checker = program.getTypeChecker();
  const exportsOf = (fileName) => {
    const source = program.getSourceFile(fileName);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`barrel-imports: cannot read the exports of ${fileName}`);
    return checker.getExportsOfModule(moduleSymbol);
  };
  const maps = {};
  for (const [specifier, barrel] of Object.entries(BARRELS)) {
    const map = new Map();
    for (const exported of exportsOf(join(root, barrel))) {
      const target = resolveAlias(checker, exported);
      const declaration = target.declarations?.[0];
      if (!(target.flags & ts.SymbolFlags.Value) || !declaration) {
        map.set(exported.name, 'type');
        continue;
      }
      const file = declaration.getSourceFile().fileName;
      // The name under which the defining file exports it (usually the same as the barrel's).
      const local = exportsOf(file).find((candidate) => resolveAlias(checker, candidate) === target);
      if (!local) throw new Error(`barrel-imports: ${specifier} exports ${exported.name}, not found in ${file}`);
      map.set(exported.name, { file, name: local.escapedName === 'default' ? 'default' : local.name });
    }
    maps[specifier] = map;
  }
  return maps;
}

/** Relative, so the bundle's source maps do not carry the build machine's paths. */
function relativeSpecifier(importer, file) {
  const path = relative(dirname(importer), file).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

function rewrite(source, path, maps) {
  return source.replace(IMPORT_FROM_BARREL, (statement, keyword, typeOnly, list, specifier) => {
    if (typeOnly) return keyword === 'import' ? '' : statement;
    const byFile = new Map();
    for (const raw of list.split(',')) {
      const item = raw.trim();
      if (item === '' || item.startsWith('type ')) continue;
      const [name, alias] = item.split(/\s+as\s+/);
      const definition = maps[specifier].get(name);
      if (definition === undefined) throw new Error(`barrel-imports: ${path}: ${specifier} has no export ${name}`);
      if (definition === 'type') continue;
      const local = alias ?? name;
      const names = byFile.get(definition.file) ?? [];
      names.push(definition.name === local ? local : `${definition.name} as ${local}`);
      byFile.set(definition.file, names);
    }
    return [...byFile]
      .map(
        ([file, names]) => `${keyword} { ${names.join(', ')} } from ${JSON.stringify(relativeSpecifier(path, file))};`,
      )
      .join('\n');
  });
}

/** (source, path) → source with barrel imports pointed at the defining files; the maps are built on first use. */
export function barrelImports(root) {
  let maps;
  return (source, path) => {
    if (!source.includes("from '@payready/")) return source;
    maps ??= definitionMaps(root);
    return rewrite(source, path, maps);
  };
}
