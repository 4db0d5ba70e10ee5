import { join } from 'node:path';
import { createConversationStore, type ConversationStore } from '@payready/core';
import { createRedactor, secretsFromEnv, type PayReadyConfig } from '@payready/shared';
import type { CliIO } from '../../cli-io.js';
import { cliPaths } from '../../runtime/cli-paths.js';

/** `$XDG_STATE_HOME/payready/history`, every stored string run through the redactor (keys never stored). */
export function openHistoryStore(io: CliIO, config: PayReadyConfig): ConversationStore {
  const redact = createRedactor({ secrets: [...secretsFromEnv(io.env), ...config.security.redact] });
  return createConversationStore({ dir: join(cliPaths(io).stateDir, 'history'), redact });
}

export const ENABLE_HISTORY_HINT =
  'history is off until you opt in: set `history: {enabled: true}` in ~/.config/payready/config.yaml (or .payready.yaml), or export PAYREADY_HISTORY__ENABLED=true';
