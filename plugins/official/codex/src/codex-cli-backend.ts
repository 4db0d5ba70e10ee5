import { AgentError, type AgentEvent, type AgentRequest, type ExecuteContext } from '@payready/agent-contract';
import { findExecutable, runCliBackend } from '@payready/shared/upstream';

import { CLI_COMMAND } from './codex-names.js';

/**
 * `backend: cli`: runs `codex exec <text>` (the Codex CLI, with its own login) and streams its stdout as
 * text; Codex prints progress on stderr and only the final message on stdout.
 * The child gets the agent's environment, is killed on abort and on the attempt timeout, and its stderr
 * only ever appears, shortened, in an error message.
 */
export async function* codexCliBackend(request: AgentRequest, context: ExecuteContext): AsyncGenerator<AgentEvent> {
  const executable = findExecutable(CLI_COMMAND, context.env);
  if (!executable) throw new AgentError({ kind: 'unavailable', message: '`codex` is not on PATH' });
  if (request.history?.length) context.logger.debug('codex cli: conversation history is not passed to `codex exec`');
  // `codex exec` refuses to run outside a git repository unless told otherwise, and payready is asked
  // questions from anywhere. Read-only is its default sandbox; said explicitly because nothing here should
  // let an answer edit files. A prompt that starts with '-' would be read as an option.
  const flags = ['exec', '--skip-git-repo-check', '--sandbox', 'read-only'];
  const args = request.text.startsWith('-') ? [...flags, '--', request.text] : [...flags, request.text];
  yield* runCliBackend({ command: CLI_COMMAND, executable, args, context });
}
