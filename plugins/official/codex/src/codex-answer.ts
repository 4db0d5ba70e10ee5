import type { AgentEvent, AgentRequest, Availability, ExecuteContext } from '@payready/agent-contract';
import { codexApiBackend } from './codex-api-backend.js';
import { codexCliBackend } from './codex-cli-backend.js';
import { codexHealth } from './codex-health.js';
import { codexOptions } from './codex-options.js';

/**
 * Everything the codex agent needs to answer or to be checked, loaded by the plugin on first use: routing
 * only asks the plugin for its manifest, availability and scores.
 */
export async function* codexExecute(request: AgentRequest, context: ExecuteContext): AsyncGenerator<AgentEvent> {
  const options = codexOptions(request, context);
  if (options.backend === 'cli') yield* codexCliBackend(request, context);
  else yield* codexApiBackend(options, context);
}

export function codexCheckHealth(context: ExecuteContext, availability: Availability): Promise<Availability> {
  return codexHealth(context, availability);
}
