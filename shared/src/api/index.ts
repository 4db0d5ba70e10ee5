// `@payready/shared/api`: the HTTP service's request and response schemas (zod, loaded with this module).
// The server validates with them; clients and tests may too.
export {
  askRequestSchema,
  chatMessageSchema,
  durationSchema,
  inlinePersonaSchema,
  routeRequestSchema,
} from './ask-request.js';
export type { AskRequest, AskRequestInput, RouteRequest } from './ask-request.js';
export { chatCompletionMessageSchema, chatCompletionRequestSchema } from './chat-completion-request.js';
export type { ChatCompletionMessage, ChatCompletionRequest } from './chat-completion-request.js';
export { apiErrorSchema, askResponseSchema, attemptSchema, routeResponseSchema } from './api-responses.js';
export type { ApiError, AskResponse, RouteResponse } from './api-responses.js';
