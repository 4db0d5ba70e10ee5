import { CONTRACT_VERSION, type AgentEnvironment, type AgentPlugin, type Availability } from '@payready/agent-contract';
import { prepareAgentIntent, scoreIntent } from '@payready/shared';
import { CLI_COMMAND, KEY_NAMES } from './claude-names.js';
import { findExecutable } from '@payready/shared/upstream';
import { version } from './version.js';
import type * as ClaudeAnswer from './claude-answer.js';

// The SDK client, streaming and error mapping load on the first answer or health check, never for routing,
// and are kept: import() of a loaded module still resolves it again, ~5 µs on every answer.
let answer: Promise<typeof ClaudeAnswer> | undefined;
const answering = () => (answer ??= import('./claude-answer.js'));

/** The `claude` agent: Anthropic's Messages API through the official SDK, or the `claude` CLI. */
export function createClaudePlugin(): AgentPlugin {
  return {
    contractVersion: CONTRACT_VERSION,
    generative: true,
    name: 'claude',
    version,
    description: 'Anthropic Claude (Messages API, streaming), or the `claude` CLI with backend: cli',
    fallback: 'codex',
    // The intent scores behind canHandle come from a trained model loaded once per process (shared by the
    // four remote agents), plus the user's own routing corrections.
    init(environment: AgentEnvironment) {
      return prepareAgentIntent(environment);
    },
    canHandle(query) {
      const scores = scoreIntent(query.text);
      return { score: scores.probabilities.claude, reasons: scores.reasons.claude };
    },
    available: claudeAvailability,
    async *execute(request, context) {
      yield* (await answering()).claudeExecute(request, context);
    },
    health: async (context) => (await answering()).claudeCheckHealth(context, claudeAvailability(context)),
  };
}

function claudeAvailability(environment: AgentEnvironment): Availability {
  if (environment.settings.enabled === false) {
    return { ok: false, reason: 'disabled in the config', fix: 'set agents.claude.enabled: true' };
  }
  if (environment.settings.backend === 'cli') {
    if (findExecutable(CLI_COMMAND, environment.env)) return { ok: true };
    return {
      ok: false,
      reason: '`claude` is not on PATH (agents.claude.backend: cli)',
      fix: 'install Claude Code (`npm install -g @anthropic-ai/claude-code`) or set agents.claude.backend: api',
    };
  }
  if (environment.resolveKey(KEY_NAMES)) return { ok: true };
  return {
    ok: false,
    missingCredentials: true,
    reason: 'ANTHROPIC_API_KEY is not set',
    fix: 'export ANTHROPIC_API_KEY=… or run `payready keys set anthropic`',
  };
}
