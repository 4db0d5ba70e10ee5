import type { AgentEnvironment, Availability, ExecuteContext } from '@payready/agent-contract';
import { processRedactor } from '@payready/shared';
import { printableUrl } from '../health/check-services.js';
import type { AgentRegistry, RegisteredAgent } from './agent-registry.js';

/** Default bound on each agent's health(). */
export const HEALTH_TIMEOUT_MS = 2000;
/** A health() that ignores its signal is given up on this long after the timeout. */
const GRACE_MS = 250;

export interface KeyLookup {
  /** The names the plugin asked for, e.g. `ANTHROPIC_API_KEY`. */
  names: string[];
  /** Where the value came from (`env:ANTHROPIC_API_KEY`, `store:anthropic`); absent when none was found. */
  source?: string;
}

export interface AgentCheck {
  name: string;
  enabled: boolean;
  /** available() ok and, when the plugin has health(), health() ok too. */
  usable: boolean;
  /** What available() said (no network). */
  available: Availability;
  /** What health() said; absent when the plugin has none, or the agent is disabled or unavailable. */
  health?: Availability;
  /** Every credential lookup the plugin made during the checks. Never the value. */
  keys: KeyLookup[];
  ms: number;
}

export interface CheckAgentsOptions {
  /** Bound on each health(); default 2 s. */
  timeoutMs?: number;
  /** Aborts every check (Ctrl-C, a request closed). */
  signal?: AbortSignal;
}

/**
 * Every registered agent checked in parallel: available(), then health() when the plugin has one, each with
 * its own timeout. Used by `payready doctor` and the HTTP service's readiness.
 */
export async function checkAgents(registry: AgentRegistry, options: CheckAgentsOptions = {}): Promise<AgentCheck[]> {
  return Promise.all(registry.all().map((agent) => checkAgent(agent, options)));
}

async function checkAgent(agent: RegisteredAgent, options: CheckAgentsOptions): Promise<AgentCheck> {
  const started = performance.now();
  const keys: KeyLookup[] = [];
  const secrets: string[] = [];
  const environment = recordingEnvironment(agent.environment, { keys, secrets });
  const finish = (check: Omit<AgentCheck, 'name' | 'keys' | 'ms'>): AgentCheck => ({
    name: agent.name,
    ...check,
    available: scrub(check.available, secrets),
    ...(check.health ? { health: scrub(check.health, secrets) } : {}),
    keys,
    ms: Math.round(performance.now() - started),
  });
  if (!agent.enabled) {
    const reason =
      agent.settings.enabled === false
        ? `agents.${agent.name}.enabled is false`
        : 'init() failed (see the plugin failures)';
    return finish({
      enabled: false,
      usable: false,
      available: { ok: false, reason, fix: `set agents.${agent.name}.enabled: true` },
    });
  }
  const available = availableOf(agent, environment);
  if (!available.ok || !agent.plugin.health) return finish({ enabled: true, usable: available.ok, available });
  const health = await healthOf(agent, environment, options);
  return finish({ enabled: true, usable: health.ok, available, health });
}

/** The agent's environment with a resolveKey that remembers which names were asked for and where each was found. */
function recordingEnvironment(
  base: AgentEnvironment,
  into: { keys: KeyLookup[]; secrets: string[] },
): AgentEnvironment {
  return {
    ...base,
    resolveKey(names) {
      const found = base.resolveKey(names);
      const seen = into.keys.find((lookup) => lookup.names.join() === names.join());
      if (!seen) into.keys.push({ names: [...names], ...(found ? { source: found.source } : {}) });
      if (found) into.secrets.push(found.value);
      return found;
    },
  };
}

function availableOf(agent: RegisteredAgent, environment: AgentEnvironment): Availability {
  try {
    return agent.plugin.available(environment);
  } catch (error) {
    return { ok: false, reason: `available() threw: ${messageOf(error)}` };
  }
}

async function healthOf(
  agent: RegisteredAgent,
  environment: AgentEnvironment,
  options: CheckAgentsOptions,
): Promise<Availability> {
  const timeoutMs = options.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const context: ExecuteContext = { ...environment, signal, timeoutMs };
  let timer: NodeJS.Timeout | undefined;
  const givenUp = new Promise<Availability>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `health() did not finish within ${timeoutMs} ms` }),
      timeoutMs + GRACE_MS,
    );
  });
  try {
    return await Promise.race([agent.plugin.health!(context), givenUp]);
  } catch (error) {
    return { ok: false, reason: `health() threw: ${messageOf(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Belt and braces: no key value survives into a reason, fix or URL, whatever the plugin wrote. The keys it
 * looked up become `***`; any other spelling of them (an echoed base64 or hex copy) or of another known key
 * goes through the process redactor.
 */
function scrub(availability: Availability, secrets: readonly string[]): Availability {
  const redact = processRedactor();
  const clean = (text: string) =>
    redact(secrets.reduce((result, secret) => (secret ? result.split(secret).join('***') : result), text));
  const { reason, fix, details } = availability;
  return {
    ...availability,
    ...(reason === undefined ? {} : { reason: clean(reason) }),
    ...(fix === undefined ? {} : { fix: clean(fix) }),
    ...(details ? { details: { ...details, ...(details.url ? { url: clean(printableUrl(details.url)) } : {}) } } : {}),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
