import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './load-config.js';
import { validateConfigFile } from './validate-config-file.js';

const builtinDir = join(dirname(fileURLToPath(import.meta.url)), '../../../config');
const files = readdirSync(builtinDir).filter((name) => name.endsWith('.yaml'));

describe('the shipped config/*.yaml', () => {
  it('includes base.yaml and the environments', () => {
    expect(files).toEqual(expect.arrayContaining(['base.yaml', 'development.yaml', 'production.yaml', 'test.yaml']));
  });

  it.each(files)('%s is valid on its own', async (name) => {
    expect(await validateConfigFile(join(builtinDir, name))).toEqual([]);
  });

  it.each(files.map((name) => name.replace(/\.yaml$/, '')).filter((name) => name !== 'base'))(
    'PAYREADY_ENV=%s loads on top of base.yaml',
    async (name) => {
      const { files: read } = await loadConfig({
        builtinDir,
        env: { PAYREADY_ENV: name, XDG_CONFIG_HOME: '/nonexistent' },
        cwd: '/',
      });
      expect(read).toEqual([join(builtinDir, 'base.yaml'), join(builtinDir, `${name}.yaml`)]);
    },
  );
});
