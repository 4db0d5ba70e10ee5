import { LEXICON_CLASSES, wordClassMask } from './lexicon.js';
import { normalizeQuery } from './normalize-query.js';
import type { SignalHit } from './signals.js';
import { SIGNAL_IDS } from './signals.js';

/**
 * Feature extraction for the router: hashed word unigrams, bigrams and the first word, plus character
 * n-grams, over a normalised text in which URLs, paths, file names, numbers and code fences are replaced by
 * placeholder tokens (so `src/a.ts` and `lib/b.py` look alike, and no dataset's numbers are memorised).
 * The training script bundles this very file, so training and runtime features are identical by construction.
 */
export interface FeatureConfig {
  /** Number of hash buckets; a power of two. */
  dims: number;
  charMin: number;
  charMax: number;
  /** Each group's values are scaled to this L2 norm, so long texts do not dominate. */
  wordWeight: number;
  charWeight: number;
  /** Weight of the hand-written word classes (lexicon.ts). */
  lexiconWeight: number;
  signalWeight: number;
  /** Character n-grams are taken from at most this many normalised characters; tokens likewise. */
  maxChars: number;
  maxTokens: number;
}

export { normalizeQuery } from './normalize-query.js';

export const FEATURE_KIND = { word: 0, bigram: 1, first: 2, chars: 3, signal: 4, lexicon: 5, numbers: 6 } as const;

export interface FeatureVector {
  /** The normalised text that `starts`/`ends` index into. */
  text: string;
  length: number;
  indices: Int32Array;
  values: Float32Array;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

/** Letters, digits and `_` (ASCII, or any non-ASCII character outside punctuation, symbol and surrogate blocks). */
function isWordCode(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
  return c >= 0xc0 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xd800 && c <= 0xdfff);
}

/** Punctuation that is a token of its own: it marks code, shell and questions. */
const SYMBOL_TOKENS = new Set([...'?$#@{}()[];=<>|`*\\:!'].map((c) => c.charCodeAt(0)));

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}

const SEED_WORD = 0x2f1b4c3d;
const SEED_BIGRAM = 0x61c88647;
const SEED_FIRST = 0x1b873593;
const SEED_CHARS = 0x7feb352d;
const SEED_SIGNAL = 0x5bd1e995;
const SEED_LEXICON = 0x27d4eb2f;
const SEED_NUMBERS = 0x165667b1;
const FNV_PRIME = 0x01000193;

function fmix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashRange(text: string, start: number, end: number, seed: number): number {
  let h = seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Bucket of a signal feature, exported so the reasons can name it. */
export function signalBucket(signalIndex: number, dims: number): number {
  return fmix(Math.imul(SEED_SIGNAL ^ signalIndex, FNV_PRIME)) & (dims - 1);
}

let scratchSize = 0;
let scratch: FeatureVector = emptyVector(0);

function emptyVector(size: number): FeatureVector {
  return {
    text: '',
    length: 0,
    indices: new Int32Array(size),
    values: new Float32Array(size),
    kinds: new Uint8Array(size),
    starts: new Int32Array(size),
    ends: new Int32Array(size),
  };
}

function vectorFor(config: FeatureConfig): FeatureVector {
  const size =
    3 * config.maxTokens +
    LEXICON_CLASSES.length +
    1 +
    (config.charMax - config.charMin + 1) * (config.maxChars + 2) +
    16;
  if (size > scratchSize) {
    scratch = emptyVector(size);
    scratchSize = size;
  }
  scratch.length = 0;
  return scratch;
}

function push(vector: FeatureVector, options: { index: number; kind: number; start: number; end: number }): void {
  const at = vector.length++;
  vector.indices[at] = options.index;
  vector.kinds[at] = options.kind;
  vector.starts[at] = options.start;
  vector.ends[at] = options.end;
}

function scaleGroup(vector: FeatureVector, from: number, weight: number): void {
  const count = vector.length - from;
  if (count === 0) return;
  const value = weight / Math.sqrt(count);
  for (let i = from; i < vector.length; i++) vector.values[i] = value;
}

const NUMBER_BUCKETS = ['no numbers', '1 number', '2 numbers', '3-4 numbers', '5+ numbers'];

/** Word classes present, plus how many numbers the text holds (word problems have many, questions few). */
function addLexicon(vector: FeatureVector, options: { present: number; numbers: number }, config: FeatureConfig): void {
  const { present, numbers } = options;
  const from = vector.length;
  const bucket = numbers >= 5 ? 4 : numbers >= 3 ? 3 : numbers;
  const numberIndex = fmix(Math.imul(SEED_NUMBERS ^ bucket, FNV_PRIME)) & (config.dims - 1);
  push(vector, { index: numberIndex, kind: FEATURE_KIND.numbers, start: bucket, end: 0 });
  for (let classIndex = 0; classIndex < LEXICON_CLASSES.length; classIndex++) {
    if ((present & (1 << classIndex)) === 0) continue;
    const index = fmix(Math.imul(SEED_LEXICON ^ classIndex, FNV_PRIME)) & (config.dims - 1);
    push(vector, { index, kind: FEATURE_KIND.lexicon, start: classIndex, end: 0 });
  }
  scaleGroup(vector, from, config.lexiconWeight);
}

/** End of the word or symbol token starting at `start` (a word may hold inner apostrophes: "what's"). */
function tokenEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (!isWordCode(c)) return SYMBOL_TOKENS.has(c) ? start + 1 : start;
  let end = start + 1;
  for (;;) {
    const next = text.charCodeAt(end);
    if (isWordCode(next)) end++;
    else if (isApostrophe(next) && isWordCode(text.charCodeAt(end + 1))) end += 2;
    else return end;
  }
}

/** Whether `text[start, end)` is `xxnum` or `xxyear` (compared in place: no string per token). */
function isNumberToken(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start) !== 120 || text.charCodeAt(start + 1) !== 120) return false;
  return (
    (end - start === 5 && text.startsWith('num', start + 2)) ||
    (end - start === 6 && text.startsWith('year', start + 2))
  );
}

function addWords(vector: FeatureVector, text: string, config: FeatureConfig): void {
  const mask = config.dims - 1;
  const from = vector.length;
  const { indices, kinds, starts, ends } = vector;
  let classes = 0;
  let numbers = 0;
  let previousHash = 0;
  let previousStart = -1;
  let count = 0;
  for (let start = 0; start < text.length && count < config.maxTokens;) {
    const end = tokenEnd(text, start);
    if (end === start) {
      start++;
      continue;
    }
    const hash = hashRange(text, start, end, SEED_WORD);
    if (config.lexiconWeight > 0) {
      if (isNumberToken(text, start, end)) numbers++;
      else classes |= wordClassMask(text, start, end);
    }
    let at = vector.length;
    indices[at] = fmix(hash) & mask;
    kinds[at] = FEATURE_KIND.word;
    starts[at] = start;
    ends[at++] = end;
    if (previousStart < 0) {
      indices[at] = fmix(hash ^ SEED_FIRST) & mask;
      kinds[at] = FEATURE_KIND.first;
      starts[at] = start;
    } else {
      indices[at] = fmix(Math.imul(previousHash, 31) ^ hash ^ SEED_BIGRAM) & mask;
      kinds[at] = FEATURE_KIND.bigram;
      starts[at] = previousStart;
    }
    ends[at++] = end;
    vector.length = at;
    previousHash = hash;
    previousStart = start;
    count++;
    start = end;
  }
  scaleGroup(vector, from, config.wordWeight);
  if (config.lexiconWeight > 0) addLexicon(vector, { present: classes, numbers }, config);
}

let codes = new Uint16Array(0);

function addChars(vector: FeatureVector, text: string, config: FeatureConfig): void {
  const mask = config.dims - 1;
  const from = vector.length;
  const { indices, kinds, starts, ends } = vector;
  // Padded with a space on each side so the first and last words get their boundary n-grams.
  const length = Math.min(text.length, config.maxChars) + 2;
  if (codes.length < length) codes = new Uint16Array(length * 2);
  codes[0] = 32;
  for (let i = 1; i < length - 1; i++) codes[i] = text.charCodeAt(i - 1);
  codes[length - 1] = 32;
  let at = vector.length;
  if (config.charMin === config.charMax) {
    // One n-gram length (the shipped model's 4): the same hashes, without the per-length bookkeeping.
    const n = config.charMin;
    for (let start = 0; start + n <= length; start++) {
      let h = SEED_CHARS;
      for (let k = start; k < start + n; k++) h = Math.imul(h ^ codes[k]!, FNV_PRIME);
      indices[at] = fmix(h) & mask;
      kinds[at] = FEATURE_KIND.chars;
      starts[at] = start - 1;
      ends[at++] = start + n - 1;
    }
    vector.length = at;
    scaleGroup(vector, from, config.charWeight);
    return;
  }
  for (let start = 0; start + config.charMin <= length; start++) {
    let h = SEED_CHARS;
    const top = Math.min(config.charMax, length - start);
    for (let n = 1; n <= top; n++) {
      h = Math.imul(h ^ codes[start + n - 1]!, FNV_PRIME);
      if (n < config.charMin) continue;
      indices[at] = fmix(h) & mask;
      kinds[at] = FEATURE_KIND.chars;
      // start/end index the unpadded text, hence the -1.
      starts[at] = start - 1;
      ends[at++] = start + n - 1;
    }
  }
  vector.length = at;
  scaleGroup(vector, from, config.charWeight);
}
/**
 * The feature vector of `text`. The result is a shared scratch buffer, valid until the next call: the router
 * scores one query at a time and this keeps a decision allocation-light. Copy it to keep it.
 */
export function extractFeatures(
  text: string,
  config: FeatureConfig,
  signals: readonly SignalHit[] = [],
): FeatureVector {
  const vector = vectorFor(config);
  const normalized = normalizeQuery(text, config.maxChars);
  vector.text = normalized;
  addWords(vector, normalized, config);
  addChars(vector, normalized, config);
  for (const hit of signals) {
    const signalIndex = SIGNAL_IDS.indexOf(hit.signal.id);
    push(vector, {
      index: signalBucket(signalIndex, config.dims),
      kind: FEATURE_KIND.signal,
      start: signalIndex,
      end: 0,
    });
    vector.values[vector.length - 1] = config.signalWeight;
  }
  return vector;
}

/** Human-readable name of feature `at` of `vector`, for the reasons shown by `--explain`. */
export function featureName(vector: FeatureVector, at: number): string {
  const kind = vector.kinds[at];
  const start = vector.starts[at] ?? 0;
  const end = vector.ends[at] ?? 0;
  if (kind === FEATURE_KIND.signal) return `signal ${SIGNAL_IDS[start] ?? '?'}`;
  if (kind === FEATURE_KIND.lexicon) return `word class ${LEXICON_CLASSES[start] ?? '?'}`;
  if (kind === FEATURE_KIND.numbers) return NUMBER_BUCKETS[start] ?? 'numbers';
  const piece = vector.text.slice(Math.max(0, start), Math.min(vector.text.length, end));
  if (kind === FEATURE_KIND.word) return `word "${piece}"`;
  if (kind === FEATURE_KIND.first) return `first word "${piece}"`;
  if (kind === FEATURE_KIND.bigram) return `words "${piece}"`;
  return `chars "${start < 0 ? '␣' : ''}${piece}${end > vector.text.length ? '␣' : ''}"`;
}
