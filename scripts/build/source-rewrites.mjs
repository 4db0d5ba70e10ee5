// The esbuild plugin that applies the build's source rewrites (barrel-imports.mjs, builtin-imports.mjs) to the
// workspace's own TypeScript, in order. esbuild gives a file to one onLoad callback only, hence one plugin.
import { readFile } from 'node:fs/promises';

export function sourceRewrites(rewrites) {
  return {
    name: 'source-rewrites',
    setup(esbuild) {
      esbuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const source = await readFile(args.path, 'utf8');
        const contents = rewrites.reduce((text, rewrite) => rewrite(text, args.path), source);
        return contents === source ? undefined : { contents, loader: 'ts' };
      });
    },
  };
}
