import { join } from 'node:path';
import { CircuitBreaker, fileBreakerStore } from '@payready/core';
import { durationToMs, type PayReadyConfig } from '@payready/shared';

/** The per-agent circuit breaker, its state in `$XDG_STATE_HOME/payready/breakers.json` so the next ask sees it. */
export function createCliBreaker(config: PayReadyConfig, stateDir: string): { breaker?: CircuitBreaker } {
  const settings = config.routing.circuit_breaker;
  if (!settings.enabled) return {};
  return {
    breaker: new CircuitBreaker(
      {
        failures: settings.failures,
        windowMs: durationToMs(settings.window),
        cooldownMs: durationToMs(settings.cooldown),
      },
      fileBreakerStore(join(stateDir, 'breakers.json')),
    ),
  };
}
