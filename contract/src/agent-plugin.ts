import type { AgentError } from './agent-error.js';
import type { AgentEvent } from './agent-event.js';

export const CONTRACT_VERSION = 1 as const;

/** The query as the router sees it. */
export interface RouteQuery {
  /** The prompt argument(s), joined. May be empty when everything came on stdin. */
  prompt: string;
  /** Text piped on stdin, if any. */
  stdin?: string;
  /** prompt + blank line + stdin: what the agent will be asked. */
  text: string;
}

export interface AgentScore {
  /** 0..1: how well this agent fits the query. */
  score: number;
  /** Short human-readable reasons, shown by `--explain`. */
  reasons?: string[];
}

export interface Availability {
  ok: boolean;
  /** Why not, when `ok` is false (e.g. "ANTHROPIC_API_KEY is not set"). */
  reason?: string;
  /** What the user can do about it (e.g. "export ANTHROPIC_API_KEY=… or run `payready keys set anthropic`"). */
  fix?: string;
  /** True when the agent is unusable because no credentials were found (exit code 3 territory). */
  missingCredentials?: boolean;
  /** What an active check (`health()`) found, shown by `payready doctor`. */
  details?: HealthDetails;
}

export interface HealthDetails {
  /** The base URL that was checked (without credentials). */
  url?: string;
  /** Whether the upstream answered at all: any HTTP status counts. */
  reachable?: boolean;
  /** The model the agent asks for when nothing else is requested. */
  model?: string;
  /** Whether the upstream lists `model`; absent when it cannot tell (then `modelNote` says why). */
  modelKnown?: boolean;
  /** e.g. "server does not list models". */
  modelNote?: string;
}

/** The agent's own section of the config (`agents.<name>`), already validated by the config schema. */
export type AgentSettings = Readonly<Record<string, unknown>> & {
  readonly enabled?: boolean;
  readonly fallback?: string;
  readonly model?: string;
};

export interface AgentLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface AgentPaths {
  /** `$XDG_CACHE_HOME/payready` */
  cacheDir: string;
  /** `$XDG_DATA_HOME/payready` */
  dataDir: string;
  /** `$XDG_CONFIG_HOME/payready` */
  configDir: string;
  /** `$XDG_STATE_HOME/payready` */
  stateDir: string;
  /** The project root found from the cwd (nearest dir with .git or .payready.yaml), if any. */
  projectRoot?: string;
  cwd: string;
}

/** What every hook of a plugin may look at. */
export interface AgentEnvironment {
  settings: AgentSettings;
  env: Readonly<Record<string, string | undefined>>;
  paths: AgentPaths;
  logger: AgentLogger;
  /** Looks a credential up: environment first, then the encrypted key store. Never logs the value. */
  resolveKey(names: readonly string[]): { value: string; source: string } | undefined;
}

export interface Persona {
  name: string;
  system?: string;
  temperature?: number;
  model?: string;
  maxTokens?: number;
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface AgentRequest {
  /** The final user message (templated prompt + stdin). */
  text: string;
  /** Earlier turns of a conversation, oldest first. */
  history?: ChatMessage[];
  persona: Persona;
  /** A model forced with `--model`; otherwise the plugin uses persona or settings. */
  model?: string;
}

export interface ExecuteContext extends AgentEnvironment {
  /** Aborted on Ctrl-C, on the per-attempt timeout and on the deadline. Pass it to every I/O call. */
  signal: AbortSignal;
  /** Milliseconds this attempt may take. Plugins hand it to their HTTP client as its timeout. */
  timeoutMs: number;
  /**
   * False when nobody reads the answer before it is complete (a non-streaming API request, a delegated
   * summary): a plugin may then make one non-streamed upstream call, which costs less to parse than an event
   * stream, and yield its text as one delta. Absent or true: stream.
   */
  stream?: boolean;
  /**
   * Asks another agent (never the caller) for a completion, e.g. for the web agent to summarise results.
   * Resolves to undefined when no other agent is usable.
   */
  delegate?(
    request: AgentRequest,
    options: { exclude: string[] },
  ): Promise<{ agent: string; text: string } | undefined>;
}

export interface AgentPlugin {
  readonly contractVersion: typeof CONTRACT_VERSION;
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** Configured fallback when the config does not name one. */
  readonly fallback?: string;
  /**
   * True when the agent answers free-form prompts with a language model (claude, codex). The executor picks
   * such an agent for `ExecuteContext.delegate` (e.g. the web agent's summary).
   */
  readonly generative?: boolean;
  /**
   * Called once after load and before routing, for plugins whose score needs state (the local agent's
   * index). Keep it cheap: it runs on every `payready ask` and `payready route`.
   */
  init?(environment: AgentEnvironment): Promise<void> | void;
  /** Pure and synchronous: no I/O, microseconds. */
  canHandle(query: RouteQuery): number | AgentScore;
  /** Whether this agent can run now (enabled, credentials present). No network. */
  available(environment: AgentEnvironment): Availability;
  /** Answers the request. Throws AgentError for every failure. */
  execute(request: AgentRequest, context: ExecuteContext): AsyncIterable<AgentEvent>;
  /** Optional active check (e.g. the base URL answers), used by `payready doctor`. */
  health?(context: ExecuteContext): Promise<Availability>;
}

/** Helpers handed to a plugin module so that it needs no runtime import of this package. */
export interface PluginApi {
  contractVersion: typeof CONTRACT_VERSION;
  AgentError: typeof AgentError;
}

export type RegisterAgent = (plugin: AgentPlugin) => void;

/** The one export a plugin module must have. Official and community plugins alike. */
export type RegisterPlugins = (register: RegisterAgent, api: PluginApi) => void | Promise<void>;
