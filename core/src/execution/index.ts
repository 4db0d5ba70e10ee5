export { executeChain, nextStep } from './execute-chain.js';
export type { ExecuteChainOptions, ExecutionResult } from './execute-chain.js';
export type { ExecutionEvent } from './execution-event.js';
export type { AttemptRecord } from './attempt-record.js';
export { AllAgentsFailedError, DeadlineExceededError, InterruptedError } from './execution-errors.js';
export { backoffDelay } from './backoff.js';
export type { BackoffPolicy } from './backoff.js';
