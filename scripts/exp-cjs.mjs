import { build } from 'esbuild';
import { barrelImports } from './build/barrel-imports.mjs';
import { rewriteBuiltinImports } from './build/builtin-imports.mjs';
import { sourceRewrites } from './build/source-rewrites.mjs';
const root = '/work/main';
const r = await build({
  entryPoints: { plain: root + '/apps/cli/src/plain-main.ts' },
  outdir: root + '/apps/cli/dist/cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  define: { __PAYREADY_VERSION__: '"0.0.0"', 'import.meta.url': '__importMetaUrl' },
  banner: { js: "var __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  plugins: [
    sourceRewrites([barrelImports(root), rewriteBuiltinImports]),
    {
      name: 'vendor-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (a) =>
          a.path.startsWith('@payready/') || a.path.startsWith('node:') ? undefined : { path: a.path, external: true },
        );
      },
    },
  ],
  logLevel: 'error',
  metafile: true,
  outExtension: { '.js': '.cjs' },
});
for (const [k, v] of Object.entries(r.metafile.outputs)) console.log(k, v.bytes);
