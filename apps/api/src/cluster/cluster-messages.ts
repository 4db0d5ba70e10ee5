import type { RateLimit, TakeResult } from '@payready/core';

// What the workers of `payready serve --workers N` ask their primary over the IPC channel, and its replies.
// The primary holds what must be one per instance: the rate-limit buckets (without Redis) and the metrics view.

export type WorkerAsk = { type: 'payready:take'; key: string; limit: RateLimit } | { type: 'payready:metrics' };

/** What each ask is answered with. */
export interface AskResults {
  'payready:take': TakeResult;
  'payready:metrics': string;
}

export type WorkerRequest = WorkerAsk & { id: number };

export interface PrimaryReply {
  type: 'payready:reply';
  id: number;
  result?: TakeResult | string;
  error?: string;
}

export function isWorkerRequest(message: unknown): message is WorkerRequest {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'payready:take' || type === 'payready:metrics';
}

export function isPrimaryReply(message: unknown): message is PrimaryReply {
  return (message as { type?: unknown } | null)?.type === 'payready:reply';
}
