#!/usr/bin/env node
// Trains the router model. Node 20 cannot run TypeScript, so this bundles scripts/train-router/main.ts (which
// imports the runtime feature extraction from shared/src/intent) with esbuild in memory and runs it: the
// features used in training are the runtime's own code, not a copy.
//
//   node scripts/train-router/train.mjs [--corrections FILE] [--dry-run] [--mode features|prior|none]
import { build } from 'esbuild';
import * as prettier from 'prettier';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const result = await build({
  entryPoints: [join(root, 'scripts/train-router/main.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
const { main } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
const prettierOptions = (await prettier.resolveConfig(join(root, 'package.json'))) ?? {};
await main(process.argv.slice(2), root, (text) => prettier.format(text, { ...prettierOptions, parser: 'json' }));
