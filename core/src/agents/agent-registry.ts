import type { AgentEnvironment, AgentPlugin, AgentSettings, Availability } from '@payready/agent-contract';
import { UsageError } from '@payready/shared';
import type { PluginLoadFailure } from './plugin-load-failure.js';
import { compareNames } from './compare-names.js';

export interface RegisteredAgent {
  name: string;
  plugin: AgentPlugin;
  source: string;
  settings: AgentSettings;
  environment: AgentEnvironment;
  enabled: boolean;
  /**
   * `agents.<name>.canary`: the share of queries sent to the canary and the agent as the canary runs it
   * (its settings with the canary's model/endpoint in place; for a remote agent, a plugin on that endpoint).
   */
  canary?: { percent: number; agent: RegisteredAgent };
}

/**
 * The loaded agents with their config sections. Availability is computed once per process and memoised:
 * it reads env and maybe the key store, never the network.
 */
export class AgentRegistry {
  readonly failures: readonly PluginLoadFailure[];
  private readonly agents: Map<string, RegisteredAgent>;
  private readonly availability = new Map<string, Availability>();

  constructor(agents: Iterable<RegisteredAgent>, failures: readonly PluginLoadFailure[] = []) {
    this.agents = new Map(
      [...agents].sort((left, right) => compareNames(left.name, right.name)).map((agent) => [agent.name, agent]),
    );
    this.failures = failures;
  }

  names(): string[] {
    return [...this.agents.keys()];
  }

  all(): RegisteredAgent[] {
    return [...this.agents.values()];
  }

  enabled(): RegisteredAgent[] {
    return this.all().filter((agent) => agent.enabled);
  }

  has(name: string): boolean {
    return this.agents.has(name);
  }

  /** The agent, or a usage error that lists the known ones. */
  get(name: string): RegisteredAgent {
    const agent = this.agents.get(name);
    if (!agent) {
      throw new UsageError(`unknown agent "${name}"; known agents: ${this.names().join(', ')}`, {
        hint: '`payready agents` lists them with their status',
      });
    }
    return agent;
  }

  availabilityOf(name: string): Availability {
    let known = this.availability.get(name);
    if (!known) {
      const agent = this.get(name);
      if (!agent.enabled) {
        known = { ok: false, reason: `agents.${name}.enabled is false`, fix: `set agents.${name}.enabled: true` };
      } else {
        try {
          known = agent.plugin.available(agent.environment);
        } catch (error) {
          known = { ok: false, reason: `available() threw: ${error instanceof Error ? error.message : String(error)}` };
        }
      }
      this.availability.set(name, known);
    }
    return known;
  }
}
