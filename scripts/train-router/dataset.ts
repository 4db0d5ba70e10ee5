import { readFileSync } from 'node:fs';
import { isIntentLabel } from '../../shared/src/intent/labels.js';
import type { IntentLabel } from '../../shared/src/intent/labels.js';

export interface Example {
  id: string;
  query: string;
  label: IntentLabel;
  /** Short source name (see `sourceName`); the unit of leave-one-source-out. */
  source: string;
}

const KNOWN_SOURCES: readonly [RegExp, string][] = [
  [/mbpp/i, 'mbpp'],
  [/nl2bash/i, 'nl2bash'],
  [/webvoyager/i, 'WebVoyager'],
  [/situatedqa/i, 'SituatedQA'],
  [/realtimeqa/i, 'realtimeqa'],
  [/grade-school-math|gsm8k/i, 'gsm8k'],
  [/mt_bench/i, 'mt_bench'],
  [/vicuna_bench/i, 'vicuna_bench'],
  [/truthfulqa/i, 'TruthfulQA'],
];

/**
 * The dataset a `source` field names: the part before '#', matched against the known public sets, else its
 * file name without extension (or the whole string for short tags like `handwritten`).
 */
export function sourceName(source: string): string {
  const path = source.split('#')[0] ?? source;
  for (const [pattern, name] of KNOWN_SOURCES) if (pattern.test(path)) return name;
  const file = path.split('/').pop() ?? path;
  return file.replace(/\.[^.]+$/, '') || path;
}

/** Reads `{id?, query, label, source?}` lines; `defaultSource` names lines without a source. */
export function readExamples(file: string, defaultSource: string): Example[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const examples: Example[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const row = JSON.parse(line) as {
      id?: string;
      query?: string;
      label?: string;
      corrected?: string;
      source?: string;
    };
    const label = row.label ?? row.corrected ?? '';
    if (typeof row.query !== 'string' || !isIntentLabel(label)) {
      throw new Error(`${file}:${index + 1}: expected {query, label} with label one of claude|codex|web|agno`);
    }
    examples.push({
      id: row.id ?? `${defaultSource}-${index + 1}`,
      query: row.query,
      label,
      source: row.source ? sourceName(row.source) : defaultSource,
    });
  });
  return examples;
}

/** Deterministic PRNG (mulberry32) so folds are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fold number per example: stratified by label, shuffled with `seed`. */
export function stratifiedFolds(examples: readonly Example[], options: { folds: number; seed: number }): number[] {
  const random = seededRandom(options.seed);
  const assignment = new Array<number>(examples.length).fill(0);
  const byLabel = new Map<string, number[]>();
  examples.forEach((example, index) => {
    const list = byLabel.get(example.label) ?? [];
    list.push(index);
    byLabel.set(example.label, list);
  });
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const indices = byLabel.get(label)!;
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j]!, indices[i]!];
    }
    indices.forEach((exampleIndex, position) => {
      assignment[exampleIndex] = (position + offset) % options.folds;
    });
    offset += indices.length;
  }
  return assignment;
}

/** Lower-case words (letters and digits, with inner apostrophes), typographic quotes made straight. */
export function wordTokens(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[\u2018\u2019]/g, "'")
      .match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []
  );
}

/** Every run of three consecutive words in `texts`, as 'a b c'. */
export function wordTrigrams(texts: readonly string[]): Set<string> {
  const trigrams = new Set<string>();
  for (const text of texts) {
    const words = wordTokens(text);
    for (let i = 0; i + 3 <= words.length; i++) trigrams.add(words.slice(i, i + 3).join(' '));
  }
  return trigrams;
}

/**
 * The 3-word runs of `text` that are in `trigrams`: a new handwritten case must share none with a dev item,
 * so it cannot be a copy or a light edit of one.
 */
export function sharedTrigrams(text: string, trigrams: ReadonlySet<string>): string[] {
  return [...wordTrigrams([text])].filter((trigram) => trigrams.has(trigram));
}
