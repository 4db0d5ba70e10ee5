import type { ChatMessage, Persona } from '@payready/agent-contract';
import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './sha256-hex.js';

/** Everything that changes an answer. Nothing from the environment, never a credential. */
export interface CacheKeyInput {
  agent: string;
  /** The model actually requested (flag, persona or agent setting), or null for the agent's own default. */
  model: string | null;
  persona: Persona & { template?: string };
  /** Answer-affecting settings of the agent (temperature, max_tokens, base_url, …): see answerSettings(). */
  options: Record<string, unknown>;
  /**
   * The final text sent upstream: the persona's template applied to prompt and stdin. Prompt and stdin enter
   * the key through it: two splits that send the same text get the same answer, so they share the entry.
   */
  text: string;
  history?: readonly ChatMessage[];
  /** Template context fields ({{date}}, {{branch}}, …) the persona's template used, with their values. */
  context?: Record<string, string>;
}

// Bumped whenever the encoding or the meaning of an entry changes, so old entries are simply never found.
const KEY_VERSION = 1;

// Settings that decide whether or when an agent runs, not what it answers. `canary` is how traffic splits:
// the canary side's key holds the canary's own settings instead (askCacheKey), so a percent change moves no key.
const NOT_ANSWER_AFFECTING = new Set(['enabled', 'fallback', 'cache_ttl', 'timeout', 'models', 'canary']);
// Anything named like a secret stays out of the key, even if a community plugin keeps one in config.
const SECRET_NAME = /(^|_)(api_?key|key|secret|password|passwd|token|credentials?|auth(orization)?)$/i;

/** The agent settings that may change an answer, with secret-looking names removed. */
export function answerSettings(settings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (NOT_ANSWER_AFFECTING.has(name) || SECRET_NAME.test(name)) continue;
    kept[name] = value;
  }
  return kept;
}

/**
 * Every input but the text as a JSON array in fixed positions (no key sorting on the hot path; only the
 * open-ended records go through canonicalJson), length-prefixed, then the text verbatim: the header says
 * where it ends, so the encoding is injective, and the text (the bulk) is hashed without a JSON escape pass
 * (escaping 1 KB costs more than hashing it).
 */
export function canonicalKeyInput(input: CacheKeyInput): string {
  const { persona } = input;
  const header = JSON.stringify([
    KEY_VERSION,
    input.agent,
    input.model,
    persona.name,
    persona.system ?? null,
    persona.temperature ?? null,
    persona.maxTokens ?? null,
    persona.model ?? null,
    persona.template ?? null,
    canonicalJson(input.options),
    (input.history ?? []).map((message) => [message.role, message.content]),
    input.context ? canonicalJson(input.context) : null,
  ]);
  return `${header.length}:${header}${input.text}`;
}

/** sha256 (hex) of the canonical encoding of the inputs. */
export function cacheKey(input: CacheKeyInput): string {
  return sha256Hex(canonicalKeyInput(input));
}
