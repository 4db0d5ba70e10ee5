/** What every cache level holds for one answer, serialised once as JSON and stored as that string. */
export interface CachedAnswer {
  answer: string;
  agent: string;
  model: string | null;
  usage: { inputTokens: number; outputTokens: number } | null;
  sources: Array<{ url: string; title: string; date?: string }>;
  finishReason: string | null;
  /** ms since the epoch. */
  createdAt: number;
  /** Until then the answer is served as is; after it, only as a stale answer when every agent fails. */
  freshUntil: number;
  /** No level serves it after this (freshUntil + cache.stale_ttl). */
  expiresAt: number;
}

export type CacheLevel = 'memory' | 'redis' | 'disk';

const FORMAT = 1;

export function encodeAnswer(entry: CachedAnswer): string {
  return JSON.stringify({ f: FORMAT, ...entry });
}

/** The entry, or undefined when the text is not a whole entry of this format (a miss, never an error). */
export function decodeAnswer(text: string): CachedAnswer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const entry = parsed as Partial<CachedAnswer> & { f?: unknown };
  if (
    entry.f !== FORMAT ||
    typeof entry.answer !== 'string' ||
    typeof entry.agent !== 'string' ||
    typeof entry.createdAt !== 'number' ||
    typeof entry.freshUntil !== 'number' ||
    typeof entry.expiresAt !== 'number' ||
    !Array.isArray(entry.sources)
  ) {
    return undefined;
  }
  return {
    answer: entry.answer,
    agent: entry.agent,
    model: typeof entry.model === 'string' ? entry.model : null,
    usage: entry.usage ?? null,
    sources: entry.sources,
    finishReason: typeof entry.finishReason === 'string' ? entry.finishReason : null,
    createdAt: entry.createdAt,
    freshUntil: entry.freshUntil,
    expiresAt: entry.expiresAt,
  };
}
