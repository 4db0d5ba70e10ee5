import type { AgentEvent, AgentRequest, Availability, ExecuteContext } from '@payready/agent-contract';
import { claudeApiBackend } from './claude-api-backend.js';
import { claudeCliBackend } from './claude-cli-backend.js';
import { claudeHealth } from './claude-health.js';
import { claudeOptions } from './claude-options.js';

/**
 * Everything the claude agent needs to answer or to be checked, loaded by the plugin on first use: routing
 * only asks the plugin for its manifest, availability and scores.
 */
export async function* claudeExecute(request: AgentRequest, context: ExecuteContext): AsyncGenerator<AgentEvent> {
  const options = claudeOptions(request, context);
  if (options.backend === 'cli') yield* claudeCliBackend(request, context);
  else yield* claudeApiBackend(options, context);
}

export function claudeCheckHealth(context: ExecuteContext, availability: Availability): Promise<Availability> {
  return claudeHealth(context, availability);
}
