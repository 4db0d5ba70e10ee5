import {
  CONTRACT_VERSION,
  type AgentEnvironment,
  type AgentPlugin,
  type Availability,
  type AgentRequest,
} from '@payready/agent-contract';
import { prepareAgentIntent, scoreIntent } from '@payready/shared';
import { CLI_COMMAND, KEY_NAMES } from './codex-names.js';
import { codexOptions } from './codex-options.js';
import { findExecutable } from '@payready/shared/upstream';
import { version } from './version.js';
import type * as CodexAnswer from './codex-answer.js';

// The SDK client, streaming and error mapping load on the first answer or health check, never for routing,
// and are kept: import() of a loaded module still resolves it again, ~5 µs on every answer.
let answer: Promise<typeof CodexAnswer> | undefined;
const answering = () => (answer ??= import('./codex-answer.js'));

/** The `codex` agent: OpenAI (Responses or Chat Completions) or any OpenAI-compatible server, or `codex exec`. */
export function createCodexPlugin(): AgentPlugin {
  return {
    contractVersion: CONTRACT_VERSION,
    generative: true,
    name: 'codex',
    version,
    description: 'OpenAI and OpenAI-compatible servers (Responses or Chat Completions, streaming), or `codex exec`',
    // The intent scores behind canHandle come from a trained model loaded once per process (shared by the
    // four remote agents), plus the user's own routing corrections.
    init(environment: AgentEnvironment) {
      return prepareAgentIntent(environment);
    },
    canHandle(query) {
      const scores = scoreIntent(query.text);
      return { score: scores.probabilities.codex, reasons: scores.reasons.codex };
    },
    available: codexAvailability,
    async *execute(request, context) {
      yield* (await answering()).codexExecute(request, context);
    },
    health: async (context) => (await answering()).codexCheckHealth(context, codexAvailability(context)),
  };
}

const PROBE: AgentRequest = { text: '', persona: { name: 'default' } };

function codexAvailability(environment: AgentEnvironment): Availability {
  if (environment.settings.enabled === false) {
    return { ok: false, reason: 'disabled in the config', fix: 'set agents.codex.enabled: true' };
  }
  if (environment.settings.backend === 'cli') {
    if (findExecutable(CLI_COMMAND, environment.env)) return { ok: true };
    return {
      ok: false,
      reason: '`codex` is not on PATH (agents.codex.backend: cli)',
      fix: 'install the Codex CLI (`npm install -g @openai/codex`) or set agents.codex.backend: api',
    };
  }
  // A local OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio) needs no key.
  if (environment.resolveKey(KEY_NAMES) || !codexOptions(PROBE, environment).isOpenAI) return { ok: true };
  return {
    ok: false,
    missingCredentials: true,
    reason: 'OPENAI_API_KEY is not set',
    fix: 'export OPENAI_API_KEY=… or run `payready keys set openai`, or point agents.codex.base_url at a local server',
  };
}
