import { z } from 'zod';

/**
 * The one schema for everything in config/*.yaml, .payready.yaml, PAYREADY_* variables and CLI flags.
 * Restrictive in: unknown keys are errors (with the nearest valid name), so a typo never silently does
 * nothing. Every key has a description; `payready config show` and the JSON schema use them.
 */

const duration = z
  .union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'a duration such as 500ms, 8s, 2m')])
  .describe('seconds as a number, or a string with a unit: 500ms, 8s, 2m, 1h');

const logLevel = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

const appSchema = z
  .strictObject({
    name: z.string().default('PayReady AI').describe('Display name.'),
    version: z.string().default('2.0.0').describe('Version of the configuration (informational).'),
    debug: z.boolean().default(false).describe('Verbose diagnostics on stderr.'),
    log_level: z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(logLevel)
      .default('warn')
      .describe('Log level for stderr: trace, debug, info, warn, error, fatal, silent.'),
    max_stdin_bytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024)
      .describe('Largest stdin accepted by `payready ask`, in bytes.'),
  })
  .prefault({});

const routingSchema = z
  .strictObject({
    default_timeout: duration.default(30).describe('Per-attempt timeout (one call to one agent).'),
    deadline: duration.optional().describe('Bound on the whole chain: retries, fallbacks and streaming.'),
    max_retries: z.number().int().min(0).max(10).default(3).describe('Retries per agent for transient errors.'),
    confidence_threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe('Best score at or above this wins; below it the default agent answers.'),
    default_agent: z.string().default('local').describe('Agent used when no score reaches the threshold.'),
    fallback: z.boolean().default(true).describe('Follow the fallback chain when an agent fails.'),
    backoff_ms: z.number().int().min(0).default(500).describe('First retry delay; doubles per retry, with jitter.'),
    max_backoff_ms: z.number().int().min(0).default(8000).describe('Cap on one retry delay.'),
    circuit_breaker: z
      .strictObject({
        enabled: z.boolean().default(true),
        failures: z.number().int().positive().default(3).describe('Failures within the window that open the circuit.'),
        window: duration.default('60s'),
        cooldown: duration.default('30s').describe('How long an open circuit skips the agent.'),
      })
      .prefault({})
      .describe('Skip an agent that keeps failing, so an outage costs one timeout, not one per ask.'),
  })
  .prefault({});

const canaryPercent = z
  .number()
  .min(0)
  .max(100)
  .describe("Share of this agent's queries (0..100, steps of 0.01) sent to the canary; sticky per query.");

const canaryFields = {
  model: z.string().min(1).optional().describe("Model the canary requests instead of the agent's."),
  endpoint: z
    .string()
    .url()
    .optional()
    .describe(
      "Base URL the canary calls instead of the agent's: base_url (claude, codex), url (agno), or the remote instance (agents with endpoint).",
    ),
  percent: canaryPercent,
};

/** `canary` of an agent that has an upstream URL to replace. */
const canarySchema = z
  .strictObject(canaryFields)
  .refine((canary) => canary.model !== undefined || canary.endpoint !== undefined, {
    message: 'a canary needs model or endpoint (what differs from the stable variant)',
  })
  .optional()
  .describe('Send `percent` of the queries to a variant with another model and/or endpoint (`payready canary`).');

/** web and local have no upstream URL of their own, so only the model can differ. */
const modelCanarySchema = z
  .strictObject({ model: canaryFields.model.unwrap(), percent: canaryPercent })
  .optional()
  .describe('Send `percent` of the queries to a variant with another model (`payready canary`).');

/** Keys every agent section accepts, official or community. */
const agentBase = {
  enabled: z.boolean().default(true).describe('Whether the router may pick this agent.'),
  fallback: z.string().optional().describe('Agent to try when this one fails.'),
  model: z.string().optional().describe('Model to request.'),
  cache_ttl: duration.optional().describe('How long answers of this agent stay cached.'),
  timeout: duration.optional().describe('Per-attempt timeout for this agent (overrides routing.default_timeout).'),
  endpoint: z
    .union([z.string().url(), z.array(z.string().url()).min(1)])
    .optional()
    .describe('Base URL(s) of `payready serve` instances that run this agent (remote agent; round-robin).'),
  discovery: z
    .enum(['consul'])
    .optional()
    .describe('Find the instances that run this agent in Consul (healthy ones of agents.<name>.service).'),
  service: z
    .string()
    .optional()
    .describe('Consul service name of the remote instances (default server.consul.service).'),
  remote_agent: z.string().optional().describe('Agent to force on the remote instances (default: this name).'),
  canary: canarySchema,
};

const claudeSchema = z
  .strictObject({
    ...agentBase,
    fallback: agentBase.fallback.default('codex'),
    model: z.string().default('claude-sonnet-5-5'),
    max_tokens: z.number().int().positive().default(4096).describe('max_tokens sent to the Messages API.'),
    temperature: z.number().min(0).max(1).optional(),
    base_url: z.string().url().optional().describe('Anthropic API base URL (or ANTHROPIC_BASE_URL).'),
    backend: z.enum(['api', 'cli']).default('api').describe('`cli` runs the `claude` command instead of the API.'),
  })
  .prefault({});

const codexSchema = z
  .strictObject({
    ...agentBase,
    models: z.array(z.string()).default(['gpt-5-mini', 'gpt-5']).describe('Models this agent may use.'),
    model: z.string().default('gpt-5-mini'),
    base_url: z.string().url().optional().describe('OpenAI or OpenAI-compatible base URL (or OPENAI_BASE_URL).'),
    api: z.enum(['responses', 'chat']).default('responses').describe('`chat` for OpenAI-compatible servers.'),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
    backend: z.enum(['api', 'cli']).default('api').describe('`cli` runs `codex exec` instead of the API.'),
  })
  .prefault({});

const webSchema = z
  .strictObject({
    ...agentBase,
    canary: modelCanarySchema,
    cache_ttl: duration
      .default('1h')
      .describe("How long web answers stay cached: never past their sources' freshness."),
    date_filter: z.number().int().positive().default(100).describe('Only results newer than this many days.'),
    provider: z.enum(['auto', 'searxng', 'brave', 'tavily']).default('auto'),
    searxng_url: z.string().url().optional().describe('SearXNG base URL (or SEARXNG_URL).'),
    max_results: z.number().int().positive().max(50).default(8),
  })
  .prefault({});

const agnoSchema = z
  .strictObject({
    ...agentBase,
    enabled: z.boolean().default(false),
    url: z.string().url().optional().describe('Base URL of the Agno AgentOS server.'),
    agent_id: z.string().optional().describe('Agent to run on the AgentOS.'),
  })
  .prefault({});

const localSchema = z
  .strictObject({
    ...agentBase,
    canary: modelCanarySchema,
    paths: z
      .array(z.string())
      .default([])
      .describe('Extra knowledge-base directories or files (README* and docs/ of the project are always read).'),
    max_passages: z.number().int().positive().max(20).default(3),
    include_project: z.boolean().default(true).describe('Index README* and docs/ of the project root.'),
  })
  .prefault({});

/** Community agents: the common keys plus whatever the plugin documents. */
const communityAgentSchema = z.looseObject(agentBase);

const agentsSchema = z
  .object({
    claude: claudeSchema,
    codex: codexSchema,
    web: webSchema,
    agno: agnoSchema,
    local: localSchema,
  })
  .catchall(communityAgentSchema)
  .prefault({});

const cacheSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Answer cache, memory → Redis → disk (`--no-cache` skips it for one ask).'),
    ttl: duration
      .default('24h')
      .describe('Default freshness of a cached answer (agents.<name>.cache_ttl overrides it).'),
    stale_ttl: duration
      .default('24h')
      .describe(
        'How long past its freshness an answer is kept, to be served marked stale when every agent fails. 0: never. Never for web answers.',
      ),
    fallback_ttl: duration
      .default('5m')
      .describe(
        "Cap on how long a fallback agent's answer stands in for the chosen agent's, so the chosen one is asked again soon.",
      ),
    memory: z
      .strictObject({
        max_entries: z.number().int().positive().default(500),
        max_bytes: z
          .number()
          .int()
          .positive()
          .default(32 * 1024 * 1024),
      })
      .prefault({}),
    redis: z
      .strictObject({
        url: z.string().optional().describe('redis:// URL (or REDIS_URL). Unset: no Redis level.'),
        cluster: z.array(z.string()).optional().describe('host:port seeds of a Redis Cluster.'),
        connect_timeout_ms: z
          .number()
          .int()
          .positive()
          .default(100)
          .describe('Connect timeout; a command times out at twice it.'),
        cooldown_ms: z
          .number()
          .int()
          .positive()
          .default(30_000)
          .describe('After a failure Redis is skipped this long, by every process.'),
        max_value_bytes: z
          .number()
          .int()
          .positive()
          .default(1024 * 1024),
        lock: z.boolean().default(true).describe('Cross-process lock so concurrent asks make one upstream call.'),
      })
      .prefault({}),
    disk: z
      .strictObject({
        enabled: z.boolean().default(true),
        max_bytes: z
          .number()
          .int()
          .positive()
          .default(256 * 1024 * 1024),
      })
      .prefault({}),
  })
  .prefault({});

const monitoringSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    metrics_port: z.number().int().min(0).max(65535).default(9090),
    pushgateway: z
      .string()
      .url()
      .optional()
      .describe('Pushgateway URL: the CLI records metrics and pushes its running totals after each ask (waits ≤ 2 s).'),
    log_prompts: z.boolean().default(false).describe('Write prompt text to the usage log.'),
    usage_log_max_bytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024)
      .describe('Size at which $XDG_STATE_HOME/payready/usage.jsonl is rotated to usage.jsonl.1.'),
    tracing: z
      .strictObject({
        exporter: z
          .enum(['none', 'otlp', 'jaeger', 'console'])
          .default('none')
          .describe(
            'Where spans go: otlp (OTLP/HTTP, also for Jaeger on 4318), jaeger (legacy UDP agent), console (stderr). OTEL_TRACES_EXPORTER wins; OTEL_SDK_DISABLED=true turns it off.',
          ),
        endpoint: z
          .string()
          .optional()
          .describe(
            'OTLP/HTTP base URL (`/v1/traces` is appended); OTEL_EXPORTER_OTLP_ENDPOINT wins. Default http://localhost:4318.',
          ),
        jaeger_host: z.string().default('localhost').describe('Jaeger agent host (exporter: jaeger).'),
        jaeger_port: z
          .number()
          .int()
          .min(1)
          .max(65535)
          .default(6832)
          .describe('Jaeger agent UDP port (binary Thrift).'),
        service_name: z.string().default('payready').describe('service.name of the spans; OTEL_SERVICE_NAME wins.'),
      })
      .prefault({}),
  })
  .prefault({});

const securitySchema = z
  .strictObject({
    key_store: z
      .string()
      .optional()
      .describe('Path of the encrypted key store (default $XDG_CONFIG_HOME/payready/keys.enc).'),
    keyring: z.boolean().default(true).describe('Keep the master key in the OS keyring when one is running.'),
    redact: z.array(z.string()).default([]).describe('Extra literal strings to scrub from every output.'),
  })
  .prefault({});

const pluginsSchema = z
  .strictObject({
    paths: z.array(z.string()).default([]).describe('Directories or files of community plugins.'),
    packages: z.array(z.string()).default([]).describe('npm packages of community plugins.'),
  })
  .prefault({});

const rateLimitFields = {
  requests_per_minute: z.number().positive().describe('Sustained requests per minute (the token bucket refill rate).'),
  burst: z.number().int().positive().describe('Requests allowed at once (the bucket size).'),
};

const serverSchema = z
  .strictObject({
    host: z.string().default('127.0.0.1').describe('Address `payready serve` binds (or --host).'),
    port: z.number().int().min(0).max(65535).default(8000).describe('Port `payready serve` listens on (or --port).'),
    body_limit_bytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024)
      .describe('Largest request body; larger ones get 413.'),
    request_timeout: duration.default('120s').describe('Bound on one request, streaming included; then 504.'),
    shutdown_grace: duration
      .default('25s')
      .describe('On SIGTERM: how long requests in flight may finish after the listener closes.'),
    tokens: z
      .array(
        z.strictObject({
          name: z.string().min(1).describe('Who the token is for; the rate-limit budget and logs use it.'),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/i, 'a sha256 hex digest')
            .describe('sha256 of the bearer token (`printf %s TOKEN | sha256sum`); the token itself is never stored.'),
          requests_per_minute: rateLimitFields.requests_per_minute.optional(),
          burst: rateLimitFields.burst.optional(),
        }),
      )
      .default([])
      .describe('Bearer tokens accepted on /v1/*. None: the server binds only to loopback unless --insecure.'),
    tokens_file: z.string().optional().describe('A file of `NAME SHA256` lines, read with server.tokens.'),
    rate_limit: z
      .strictObject({
        enabled: z.boolean().default(true),
        requests_per_minute: rateLimitFields.requests_per_minute.default(600),
        burst: rateLimitFields.burst.default(60),
      })
      .prefault({})
      .describe('Per-token budget (token bucket); shared by every replica through Redis when cache.redis is set.'),
    consul: z
      .strictObject({
        url: z.string().url().optional().describe('Consul agent (or CONSUL_HTTP_ADDR; default http://127.0.0.1:8500).'),
        register: z
          .boolean()
          .default(false)
          .describe('Register this instance, with an HTTP check of /health, while it runs.'),
        service: z.string().default('payready').describe('Service name registered and discovered.'),
        address: z.string().optional().describe('Address others reach this instance at (default: the bound host).'),
        tags: z.array(z.string()).default([]),
        check_interval: duration.default('10s'),
        deregister_after: duration
          .optional()
          .describe('Consul removes the instance after its check is critical this long (≥ 1m).'),
      })
      .prefault({})
      .describe(
        'Service discovery: registration of `payready serve`, and discovery for agents with discovery: consul.',
      ),
  })
  .prefault({});

const historySchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        'Store conversations in $XDG_STATE_HOME/payready/history so `ask -c` / `--cid` can continue them. Off until you opt in; secrets are redacted before anything is written.',
      ),
    max_turns: z
      .number()
      .int()
      .positive()
      .max(500)
      .default(20)
      .describe(
        'Earlier turns sent upstream when a conversation is continued; older turns stay stored but are not sent.',
      ),
  })
  .prefault({});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  extends: z.string().optional().describe('A file this one builds on (relative to this file).'),
  app: appSchema,
  routing: routingSchema,
  agents: agentsSchema,
  cache: cacheSchema,
  monitoring: monitoringSchema,
  security: securitySchema,
  plugins: pluginsSchema,
  server: serverSchema,
  history: historySchema,
});

export type PayReadyConfig = z.output<typeof configSchema>;
export type PayReadyConfigInput = z.input<typeof configSchema>;
