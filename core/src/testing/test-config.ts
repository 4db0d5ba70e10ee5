import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PayReadyConfig } from '@payready/shared';

const repoConfigDir = join(dirname(fileURLToPath(import.meta.url)), '../../../config');

/** The effective config of a user with nothing configured, plus `overrides` (dotted key → value). Tests only. */
export async function testConfig(overrides: Record<string, unknown> = {}): Promise<PayReadyConfig> {
  const { loadConfig } = await import('@payready/shared/config');
  const home = mkdtempSync(join(tmpdir(), 'payready-cache-config-'));
  try {
    const loaded = await loadConfig({
      builtinDir: repoConfigDir,
      env: { HOME: home, XDG_CONFIG_HOME: join(home, 'config') },
      cwd: home,
      overrides: Object.fromEntries(Object.entries(overrides).map(([key, value]) => [key, { value, source: 'test' }])),
    });
    return loaded.config;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
