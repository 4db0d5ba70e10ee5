export { createConversationStore, historyMessages } from './conversation-store.js';
export type {
  ConversationStore,
  ConversationStoreOptions,
  ConversationSummary,
  ConversationTurn,
  SearchHit,
} from './conversation-store.js';
export { newConversationId, checkedConversationId } from './conversation-id.js';
export { appendJsonl, readJsonl } from './jsonl-file.js';
