import { hostname, networkInterfaces } from 'node:os';
import { ConsulClient, consulUrl } from '@payready/core';
import type { Logger, PayReadyConfig } from '@payready/shared';
import { isLoopback } from './bind-policy.js';
import { serverUrl } from './server-url.js';

/** The address other machines reach this instance at: configured, the bound host, or the first external IPv4. */
function advertisedAddress(configured: string | undefined, host: string): string {
  if (configured) return configured;
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const addresses of Object.values(networkInterfaces())) {
    const external = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (external) return external.address;
  }
  return hostname();
}

export interface ConsulRegistrationHandle {
  deregister(): Promise<void>;
}

export interface ConsulRegistrationInput {
  config: PayReadyConfig;
  env: Readonly<Record<string, string | undefined>>;
  host: string;
  port: number;
  version: string;
  logger: Logger;
}

/**
 * Registers this instance with an HTTP check of its /health; deregistration is the first step of shutdown.
 * A Consul that refuses is logged and the instance serves without it.
 */
export function registerWithConsul(input: ConsulRegistrationInput): Promise<ConsulRegistrationHandle | undefined> {
  return register(input).catch((error: unknown) => {
    input.logger.error('consul registration failed; serving without it', {
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  });
}

async function register(input: ConsulRegistrationInput): Promise<ConsulRegistrationHandle | undefined> {
  const settings = input.config.server.consul;
  if (!settings.register) return undefined;
  const token = input.env.CONSUL_HTTP_TOKEN;
  const client = new ConsulClient({ url: consulUrl(settings.url, input.env), ...(token ? { token } : {}) });
  const address = advertisedAddress(settings.address, input.host);
  const id = `${settings.service}-${isLoopback(address) ? hostname() : address}-${input.port}`;
  const interval =
    typeof settings.check_interval === 'number' ? `${settings.check_interval}s` : settings.check_interval;
  const deregisterAfter =
    settings.deregister_after === undefined
      ? undefined
      : typeof settings.deregister_after === 'number'
        ? `${settings.deregister_after}s`
        : settings.deregister_after;
  await client.register({
    id,
    name: settings.service,
    address,
    port: input.port,
    tags: settings.tags,
    meta: { version: input.version },
    checkUrl: `${serverUrl(address, input.port)}/health`,
    interval,
    ...(deregisterAfter ? { deregisterAfter } : {}),
  });
  input.logger.info('registered with consul', { id, service: settings.service, address, port: input.port });
  return {
    async deregister() {
      try {
        await client.deregister(id);
        input.logger.info('deregistered from consul', { id });
      } catch (error) {
        input.logger.warn('consul deregistration failed', {
          id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },
  };
}
