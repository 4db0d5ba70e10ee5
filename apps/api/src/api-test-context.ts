import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentPlugin } from '@payready/agent-contract';
import { MemoryTokenBucket, type RateLimiter } from '@payready/core';
import { createMockRegistry } from '@payready/core/testing';
import { noopTelemetry, type PayReadyConfig } from '@payready/shared';
import type { ApiContext, ServingState } from './api-context.js';
import { createTokenTable } from './token-table.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const silent = {
  level: 'silent' as const,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** An ApiContext over mock agents: no cache, no breaker, no metrics, a memory rate limiter. */
export function apiTestContext(input: {
  config: PayReadyConfig;
  plugins: AgentPlugin[];
  limiter?: RateLimiter;
  shutdown?: AbortSignal;
}): ApiContext {
  const state: ServingState = {
    config: input.config,
    registry: createMockRegistry(input.plugins),
    tokens: createTokenTable(input.config),
    generation: 0,
  };
  const limiter = input.limiter ?? new MemoryTokenBucket();
  return {
    state: () => state,
    limiter: () => limiter,
    telemetry: noopTelemetry,
    logger: silent,
    paths: {
      cacheDir: '/nonexistent',
      dataDir: '/nonexistent',
      configDir: '/nonexistent',
      stateDir: '/nonexistent',
      cwd: repoRoot,
    },
    personaDirs: { builtin: join(repoRoot, 'apps/cli/src/personas'), user: '/nonexistent' },
    shutdownSignal: input.shutdown ?? new AbortController().signal,
    draining: () => false,
  };
}
