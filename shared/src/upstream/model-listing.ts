import type { Availability, HealthDetails } from '@payready/agent-contract';

/**
 * The health verdict once an upstream's model list has been read: usable when `known`, otherwise the fix names
 * the config key and a few models the server does list.
 */
export function modelListingVerdict(input: {
  agent: string;
  model: string;
  listed: readonly string[];
  known: boolean;
  details: HealthDetails;
}): Availability {
  const details = { ...input.details, reachable: true, modelKnown: input.known };
  if (input.known) return { ok: true, details };
  const some = input.listed.slice(0, 5).join(', ');
  return {
    ok: false,
    reason: `model "${input.model}" is not in the server's model list`,
    fix: `set agents.${input.agent}.model to a listed model${some ? ` (e.g. ${some})` : ''}`,
    details,
  };
}
