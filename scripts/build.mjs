#!/usr/bin/env node
// Bundles the CLI into apps/cli/dist with code splitting: what `payready --version` needs is one small file;
// yaml, zod, the provider SDKs, ioredis and OpenTelemetry sit in chunks loaded by `import()` only on the
// paths that use them (perf-anchors: bundling cut the SDKs' load cost from 4.3x to 1.8x of `node -e 0`).
import { build } from 'esbuild';
import { barrelImports } from './build/barrel-imports.mjs';
import { commanderLazySpawn } from './build/commander-lazy-spawn.mjs';
import {
  buildRequiredVendors,
  hostDynamicImports,
  scanPackages,
  vendorExternal,
  vendorName,
} from './build/hot-vendors.mjs';
import { rewriteBuiltinImports } from './build/builtin-imports.mjs';
import { sourceRewrites } from './build/source-rewrites.mjs';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Build next to the live bundle and swap at the end, so a failed build leaves the last good one in place.
const finalDir = join(root, 'apps/cli/dist');
// Per-process names, so two builds running at once (parallel test runs, a watcher) never share a directory.
const outdir = join(root, `apps/cli/dist.next-${process.pid}`);
const oldDir = join(root, `apps/cli/dist.old-${process.pid}`);
const { version } = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8'));

// `monitoring.tracing.exporter: jaeger` loads @opentelemetry/exporter-jaeger, whose jaeger-client was written
// for sloppy-mode CommonJS: it reads its Thrift IDL through __dirname, and xtend assigns to functions' read-only
// `name`. Both throw in the strict ESM bundle, so the IDL is copied next to the chunks and resolved from there,
// and xtend's assignment fails silently, as in sloppy mode.
const fromShared = createRequire(join(root, 'shared/package.json'));
const jaegerClientDir = dirname(
  createRequire(fromShared.resolve('@opentelemetry/exporter-jaeger')).resolve('jaeger-client/package.json'),
);
const jaegerClientCompat = {
  name: 'jaeger-client-compat',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]jaeger-client[\\/]dist[\\/]src[\\/]thrift\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(
        /_path2\.default\.join\(__dirname, '(\.\/[^']+)'\)/g,
        "require.resolve('$1')",
      ),
      loader: 'js',
    }));
    esbuild.onLoad({ filter: /[\\/]xtend[\\/]mutable\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(
        'target[key] = source[key]',
        'try { target[key] = source[key] } catch {}',
      ),
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// Shared by both builds below.
const rewrites = sourceRewrites([barrelImports(root), rewriteBuiltinImports]);
const common = {
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  // fsevents is macOS-only and optional for chokidar; the rest are optional peer deps of the SDKs/pino.
  external: ['fsevents', 'pino-pretty'],
  define: { __PAYREADY_VERSION__: JSON.stringify(version) },
  banner: {
    // Bundled CommonJS dependencies call require(); give them one.
    js: "#!/usr/bin/env node\nimport { createRequire as __payreadyCreateRequire } from 'node:module';\nconst require = __payreadyCreateRequire(import.meta.url);",
  },
};

// `ask` and `route` (apps/cli/src/hot-main.ts) as one CommonJS file, dist/hot/main.cjs, which
// apps/cli/src/code-cache/ runs with V8's code cache. Its import.meta.url is the file's own URL.
const hot = {
  entryPoints: [join(root, 'apps/cli/src/hot-main.ts')],
  outfile: join(outdir, 'hot/main.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: common.external,
  define: { ...common.define, 'import.meta.url': '__payreadyImportMetaUrl' },
  banner: { js: "var __payreadyImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [rewrites, commanderLazySpawn],
};
const vendors = await scanPackages(hot);

// The full CLI (dist/full.mjs), with an entry point per vendor package of the hot file.
await build({
  ...common,
  entryPoints: {
    full: join(root, 'apps/cli/src/full-cli.ts'),
    ...Object.fromEntries([...vendors.dynamicOnly].map(([name, file]) => [`vendor/${vendorName(name)}`, file])),
  },
  outdir,
  plugins: [rewrites, jaegerClientCompat, commanderLazySpawn],
});
await build({
  ...hot,
  plugins: [
    sourceRewrites([barrelImports(root), rewriteBuiltinImports, hostDynamicImports(vendors)]),
    vendorExternal(vendors),
    commanderLazySpawn,
  ],
});
if (/(?<![\w$.])import\(/.test(readFileSync(join(outdir, 'hot/main.cjs'), 'utf8'))) {
  throw new Error('dist/hot/main.cjs calls import(): it fails there once the code cache is used (hot-vendors.mjs)');
}
// The executable: apps/cli/src/index.ts as CommonJS (see the comment there), loading the hot file or the
// full CLI. Its import of './full-cli.js' is the full build's entry.
const fullCliExternal = {
  name: 'full-cli-external',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\/full-cli\.js$/ }, () => ({ path: './full.mjs', external: true }));
  },
};
await build({
  ...hot,
  entryPoints: [join(root, 'apps/cli/src/index.ts')],
  outfile: join(outdir, 'payready.cjs'),
  banner: { js: `#!/usr/bin/env node\n${hot.banner.js}` },
  plugins: [rewrites, fullCliExternal],
});
await buildRequiredVendors(vendors.required, join(outdir, 'hot/vendor'), {
  platform: 'node',
  target: 'node20.19',
  legalComments: 'none',
  logLevel: 'warning',
});

cpSync(join(root, 'config'), join(outdir, 'config'), { recursive: true });
cpSync(join(root, 'apps/cli/src/personas'), join(outdir, 'personas'), { recursive: true });
// shared/src/intent/load-model.ts reads the router model relative to the file it is bundled in.
for (const dir of [join(outdir, 'chunks'), join(outdir, 'hot')]) {
  cpSync(join(root, 'shared/src/intent/model'), join(dir, 'model'), { recursive: true });
}
for (const chunks of [join(outdir, 'chunks'), join(outdir, 'vendor')]) {
  for (const idl of ['jaeger-idl', 'thriftrw-idl']) {
    cpSync(join(jaegerClientDir, 'dist/src', idl), join(chunks, idl), {
      recursive: true,
      filter: (path) => !path.includes('crossdock'),
    });
  }
}
chmodSync(join(outdir, 'payready.cjs'), 0o755);

// `payready --help` prints this file instead of loading commander (apps/cli/src/index.ts). Rendered by the
// bundle itself, off a terminal (80 columns), before the file exists, so it is commander's own output.
const help = spawnSync(process.execPath, [join(outdir, 'payready.cjs'), '--help'], {
  encoding: 'utf8',
  env: { ...process.env, NO_COLOR: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (help.status !== 0 || !help.stdout.includes('Usage: payready')) {
  throw new Error(`rendering --help failed (exit ${help.status}):\n${help.stdout}`);
}
writeFileSync(join(outdir, 'help.txt'), help.stdout);

// Two renames leave the live bundle missing for microseconds instead of for the length of a recursive delete.
try {
  renameSync(finalDir, oldDir);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(outdir, finalDir);
rmSync(oldDir, { recursive: true, force: true });
