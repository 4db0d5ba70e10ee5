import { agentsJson } from '@payready/core';
import type { CliIO } from '../cli-io.js';
import { cliLogger, createCliRegistry } from '../runtime/create-cli-registry.js';
import { loadCliConfig } from '../runtime/load-cli-config.js';

/** Every loaded agent with its state; failed plugins are listed too, with their reason. */
export async function agentsCommand(options: { json?: boolean; config?: string }, io: CliIO): Promise<number> {
  const { config } = await loadCliConfig(io, options.config ? { file: options.config } : {});
  const registry = await createCliRegistry(io, config, cliLogger(io, config));
  const { agents: rows, failures } = agentsJson(registry);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ agents: rows, failures })}\n`);
    return 0;
  }
  for (const row of rows) {
    const state = !row.enabled ? 'disabled' : row.available ? 'ready' : `unavailable: ${row.reason ?? ''}`;
    io.stdout.write(`${row.name.padEnd(8)} ${state}\n         ${row.description}\n`);
    if (!row.available && row.enabled && row.fix) io.stdout.write(`         fix: ${row.fix}\n`);
  }
  for (const failure of registry.failures) io.stdout.write(`(failed) ${failure.source}: ${failure.reason}\n`);
  return 0;
}
