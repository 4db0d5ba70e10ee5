// The npm packages of the hot path (apps/cli/src/hot-main.ts, built as one CommonJS file and run with V8's
// code cache) stay out of that file: with them it grows from ~0.5 MB to ~5 MB, which costs more to read than
// the cache saves, and whatever of theirs a run compiles (zod and yaml on a config-cache miss) would sit in
// the cache and be deserialised on every later run.
// - Imported only through `import()` (the provider SDKs, undici, ioredis, OpenTelemetry's SDK, prom-client):
//   loaded from entry points of the full CLI's build (dist/vendor/*.mjs), ES modules with no code of ours.
// - zod and yaml (1 MB together), imported statically, so needed synchronously by require(), but only on a
//   config-cache miss or to validate, and the OpenTelemetry API, only with tracing on: each bundled alone as
//   CommonJS into dist/hot/vendor/*.cjs, so a run that does not need it never reads it (and a test can tell,
//   tests/integration/telemetry/free-when-off.test.ts). All three are imported by name only; a default
//   import would get the whole module (esbuild's Node-mode interop), which is why the other static packages
//   (minisearch's default export among them) stay in the hot file.
// Either way no module of ours has two instances.
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const BARE = /^[^./]/;

function ours(importer) {
  return importer !== '' && !importer.includes('node_modules');
}

/** `@scope/name/sub` → `scope__name__sub`, a file name under dist/vendor/. */
export function vendorName(specifier) {
  return specifier.replace(/^@/, '').replaceAll('/', '__');
}

/** Where the hot file (in dist/hot/) finds a package's vendor file, or undefined for one it bundles. */
function vendorPath(specifier, { dynamicOnly, required }) {
  if (required.has(specifier)) return `./vendor/${vendorName(specifier)}.cjs`;
  if (dynamicOnly.has(specifier)) return `../vendor/${vendorName(specifier)}.mjs`;
  return undefined;
}

/** Imported statically, but kept out of the hot file (see above). */
const SEPARATE_REQUIRED = new Set(['zod', 'yaml', '@opentelemetry/api']);

/**
 * Bundles `options` without writing and sorts the packages our code imports into `dynamicOnly` and
 * `required` (SEPARATE_REQUIRED, imported statically somewhere), each package name → the file it resolves to.
 */
export async function scanPackages(options) {
  const seen = new Map();
  await build({
    ...options,
    write: false,
    logLevel: 'silent',
    plugins: [
      ...options.plugins,
      {
        name: 'scan-vendor-imports',
        setup(esbuild) {
          esbuild.onResolve({ filter: BARE }, async (args) => {
            if (args.pluginData?.scanning || isBuiltin(args.path) || !ours(args.importer)) return undefined;
            if (args.path.startsWith('@payready/')) return undefined;
            const entry = seen.get(args.path) ?? { dynamic: false, static: false, file: undefined };
            entry[args.kind === 'dynamic-import' ? 'dynamic' : 'static'] = true;
            if (!entry.file) {
              const resolved = await esbuild.resolve(args.path, {
                resolveDir: args.resolveDir,
                kind: args.kind,
                importer: args.importer,
                pluginData: { scanning: true },
              });
              entry.file = resolved.path;
            }
            seen.set(args.path, entry);
            return undefined;
          });
        },
      },
    ],
  });
  const files = (keep) => new Map([...seen].filter(([, entry]) => keep(entry)).map(([name, e]) => [name, e.file]));
  return {
    dynamicOnly: files((entry) => !entry.static),
    required: new Map([...files((entry) => entry.static)].filter(([name]) => SEPARATE_REQUIRED.has(name))),
  };
}

/** Each package of `required` as one CommonJS file in `dir`. */
export async function buildRequiredVendors(required, dir, common) {
  await Promise.all(
    [...required].map(([name, file]) =>
      build({
        ...common,
        entryPoints: [file],
        outfile: join(dir, `${vendorName(name)}.cjs`),
        bundle: true,
        format: 'cjs',
      }),
    ),
  );
}

/** Points our static imports of `required` packages at their vendor files. */
export function vendorExternal(vendors) {
  return {
    name: 'vendor-external',
    setup(esbuild) {
      esbuild.onResolve({ filter: BARE }, (args) =>
        ours(args.importer) && vendors.required.has(args.path)
          ? { path: vendorPath(args.path, vendors), external: true }
          : undefined,
      );
    },
  };
}

// `import(` not preceded by a name character or a dot, and not of a relative path or a workspace package (those
// are bundled).
const HOST_IMPORT = /(?<![\w$.])import\((?!\s*['"`](?:\.{1,2}\/|@payready\/))(?=\s*[\w'"`])(\s*(['"`])([^'"`]+)\2)?/g;

/**
 * A source rewrite for the hot file: every import() it does not bundle becomes `__payreadyImport(…)`, which
 * code-cache/load-cached-commonjs.ts passes in. On Node 20, import() in code V8 restored from a code cache
 * fails ("A dynamic import callback was not specified"), whatever importModuleDynamically says. Packages get
 * their vendor file's path, relative to the hot file.
 */
export function hostDynamicImports(vendors) {
  return (source) =>
    source.replace(HOST_IMPORT, (_match, literal, quote, specifier) =>
      literal ? `__payreadyImport(${quote}${vendorPath(specifier, vendors) ?? specifier}${quote}` : '__payreadyImport(',
    );
}
