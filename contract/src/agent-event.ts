/** What an agent yields while it answers. Names are noun-verb, as in the stream parts of vercel/ai. */
export type AgentEvent = TextDeltaEvent | UsageEvent | SourceEvent | DoneEvent;

export interface TextDeltaEvent {
  type: 'text-delta';
  text: string;
}

export interface UsageEvent {
  type: 'usage';
  inputTokens: number;
  outputTokens: number;
}

export interface SourceEvent {
  type: 'source';
  url: string;
  title: string;
  /** ISO date of the source, when known (web results). */
  date?: string;
}

export interface DoneEvent {
  type: 'done';
  /** Upstream's finish reason, normalised to lower snake case (e.g. `stop`, `length`, `end_turn`). */
  finishReason: string;
  /** The model that actually answered, when the upstream says so. */
  model?: string;
}
