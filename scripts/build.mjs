#!/usr/bin/env node
// Bundles the CLI into apps/cli/dist with code splitting: what `payready --version` needs is one small file;
// yaml, zod, the provider SDKs, ioredis and OpenTelemetry sit in chunks loaded by `import()` only on the
// paths that use them (perf-anchors: bundling cut the SDKs' load cost from 4.3x to 1.8x of `node -e 0`).
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'apps/cli/dist');
const { version } = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8'));

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: { payready: join(root, 'apps/cli/src/index.ts') },
  outdir,
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
});

cpSync(join(root, 'config'), join(outdir, 'config'), { recursive: true });
cpSync(join(root, 'apps/cli/src/personas'), join(outdir, 'personas'), { recursive: true });
chmodSync(join(outdir, 'payready.mjs'), 0o755);
