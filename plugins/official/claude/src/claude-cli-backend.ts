import { AgentError, type AgentEvent, type AgentRequest, type ExecuteContext } from '@payready/agent-contract';
import { findExecutable, runCliBackend } from '@payready/shared/upstream';

import { CLI_COMMAND } from './claude-names.js';

/**
 * `backend: cli`: runs `claude -p <text>` (Claude Code, with its own login) and streams its stdout as text.
 * The child gets the agent's environment, is killed on abort and on the attempt timeout, and its stderr
 * only ever appears, shortened, in an error message.
 */
export async function* claudeCliBackend(request: AgentRequest, context: ExecuteContext): AsyncGenerator<AgentEvent> {
  const executable = findExecutable(CLI_COMMAND, context.env);
  if (!executable) throw new AgentError({ kind: 'unavailable', message: '`claude` is not on PATH' });
  if (request.history?.length) context.logger.debug('claude cli: conversation history is not passed to `claude -p`');
  // A prompt that starts with '-' would be read as an option.
  const args = request.text.startsWith('-') ? ['-p', '--', request.text] : ['-p', request.text];
  yield* runCliBackend({ command: CLI_COMMAND, executable, args, context });
}
