import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../paths/atomic-write.js';
import { normalizeQuery } from './features.js';
import { isIntentLabel } from './labels.js';
import type { IntentLabel } from './labels.js';
import type { LogitPrior } from './model.js';

/**
 * Routing feedback, kept under `$XDG_STATE_HOME/payready`: the router records the last routed query, and
 * `payready route --correct AGENT` turns it into a correction. Corrections act as local priors on later
 * decisions (exact or near-identical queries) and are training data for the next retrain
 * (`train.mjs --corrections FILE`).
 */
export const LAST_ROUTE_FILE = 'last-route.json';
export const CORRECTIONS_FILE = 'corrections.jsonl';
/** Older corrections are dropped beyond this many; the file is rewritten whole (atomically) on each append. */
export const MAX_CORRECTIONS = 2_000;

export interface LastRoute {
  query: string;
  /** The agent the router picked. */
  chosen: string;
  /** ISO timestamp. */
  at: string;
}

export interface Correction {
  query: string;
  chosen: string;
  /** The agent the user says was right; `label` is what the trainer reads. */
  label: IntentLabel;
  at: string;
}

export function recordLastRoute(stateDir: string, entry: LastRoute): void {
  // No fsync (it cost ~2 ms of every `route`): a power loss may leave an empty file, which readLastRoute
  // reads as "no last route" — the cost is one `route --correct` that has nothing to correct.
  writeFileAtomic(join(stateDir, LAST_ROUTE_FILE), `${JSON.stringify(entry)}\n`, { fsync: false });
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The last routed query, or undefined if none was recorded (or the file is not what we wrote). */
export function readLastRoute(stateDir: string): LastRoute | undefined {
  const text = readText(join(stateDir, LAST_ROUTE_FILE));
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LastRoute>;
    if (typeof value.query !== 'string' || typeof value.chosen !== 'string' || typeof value.at !== 'string')
      return undefined;
    return { query: value.query, chosen: value.chosen, at: value.at };
  } catch {
    return undefined;
  }
}

/** Corrections in file order; lines that do not parse are skipped (a hand-edited file must not break routing). */
export function readCorrections(stateDir: string): Correction[] {
  const text = readText(join(stateDir, CORRECTIONS_FILE)) ?? '';
  const corrections: Correction[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Partial<Correction>;
      if (typeof value.query === 'string' && typeof value.label === 'string' && isIntentLabel(value.label)) {
        corrections.push({
          query: value.query,
          chosen: String(value.chosen ?? ''),
          label: value.label,
          at: String(value.at ?? ''),
        });
      }
    } catch {
      continue;
    }
  }
  return corrections;
}

export function appendCorrection(stateDir: string, correction: Correction): void {
  const kept = [...readCorrections(stateDir), correction].slice(-MAX_CORRECTIONS);
  writeFileAtomic(join(stateDir, CORRECTIONS_FILE), kept.map((c) => `${JSON.stringify(c)}\n`).join(''));
}

/** Logit offsets of a correction: an exact (normalised) match all but decides; a near match leans. */
export const EXACT_MATCH_LOGIT = 8;
export const NEAR_MATCH_LOGIT = 4;
/** Jaccard similarity of word sets from which a correction counts as a near match. */
export const NEAR_MATCH_THRESHOLD = 0.8;

function words(text: string): string[] {
  return normalizeQuery(text).match(/[\p{L}\p{M}_]+(?:['’][\p{L}\p{M}]+)*/gu) ?? [];
}

/** Normalised query → corrected label, with a near-match scan for queries that differ by a word or two. */
export class CorrectionIndex {
  private readonly exact = new Map<string, IntentLabel>();
  private readonly entries: { words: Set<string>; label: IntentLabel }[] = [];

  constructor(corrections: readonly Correction[]) {
    for (const correction of corrections) {
      const list = words(correction.query);
      if (list.length === 0) continue;
      this.exact.set(list.join(' '), correction.label);
      this.entries.push({ words: new Set(list), label: correction.label });
    }
  }

  get size(): number {
    return this.exact.size;
  }

  priors(text: string): LogitPrior[] {
    if (this.exact.size === 0) return [];
    const list = words(text);
    const exact = this.exact.get(list.join(' '));
    if (exact) return [{ label: exact, logit: EXACT_MATCH_LOGIT, reason: 'your correction (same query)' }];
    const query = new Set(list);
    let best: { similarity: number; label: IntentLabel } | undefined;
    // Newest first, so a later correction wins a tie.
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      const low = Math.min(query.size, entry.words.size);
      const high = Math.max(query.size, entry.words.size);
      if (low / high < NEAR_MATCH_THRESHOLD) continue;
      let shared = 0;
      for (const word of query) if (entry.words.has(word)) shared++;
      const similarity = shared / (query.size + entry.words.size - shared);
      if (similarity >= NEAR_MATCH_THRESHOLD && (!best || similarity > best.similarity))
        best = { similarity, label: entry.label };
    }
    if (!best) return [];
    return [
      { label: best.label, logit: NEAR_MATCH_LOGIT * best.similarity, reason: 'your correction (similar query)' },
    ];
  }
}
