// commander requires node:child_process when it loads, for executable subcommands (`git-style` commands in
// files of their own), which payready does not have. child_process brings net, dgram and the stream
// wrappers with it: about 0.1x `node -e 0` on every `ask` with a flag. The patch defers the require to the
// first spawn, which never comes.
import { readFile } from 'node:fs/promises';

const EAGER = "const childProcess = require('node:child_process');";
const LAZY = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";

export const commanderLazySpawn = {
  name: 'commander-lazy-spawn',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      // A commander release that changed this line fails the build instead of silently loading it again.
      if (!source.includes(EAGER)) throw new Error(`commander-lazy-spawn: ${args.path} no longer has: ${EAGER}`);
      return { contents: source.replace(EAGER, LAZY), loader: 'js' };
    });
  },
};
