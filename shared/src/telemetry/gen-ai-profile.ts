/**
 * GenAI provider and operation per official agent (OpenTelemetry GenAI semantic conventions); community
 * agents are `chat` with their own name as the provider (custom values are allowed).
 */
const GEN_AI_PROFILES: Record<string, { provider: string; operation: string }> = {
  claude: { provider: 'anthropic', operation: 'chat' },
  codex: { provider: 'openai', operation: 'chat' },
  agno: { provider: 'agno', operation: 'invoke_agent' },
  web: { provider: 'payready.web', operation: 'retrieval' },
  local: { provider: 'payready.local', operation: 'retrieval' },
};

export function genAiProfile(agent: string): { provider: string; operation: string } {
  return GEN_AI_PROFILES[agent] ?? { provider: agent, operation: 'chat' };
}
