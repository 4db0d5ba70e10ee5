import { endianness } from 'node:os';
import type { AsPlainObject } from 'minisearch';
import type { StoredPassage } from './text-terms.js';

/**
 * The router's view of the index, persisted next to it so that loading costs no minisearch parse: an inverted
 * map from each indexed term (exactly the terms minisearch holds, hence the same normalisation) to the live
 * passages holding it. Integer arrays travel as base64 of little-endian Int32Arrays.
 */
export interface RouteData {
  /** The vocabulary in sort order, joined by spaces (minisearch splits on spaces, so no term holds one). */
  terms: string;
  /** V + 1 entries: term i's postings are postings[offsets[i] .. offsets[i + 1]). */
  offsets: string;
  /** Passage number × 2, plus 1 when the term is in the passage's heading; ascending within a term. */
  postings: string;
  /** The passages' files, each once. */
  files: string[];
  /** Two entries per passage: its index in files, and its line. */
  passages: string;
  /** The transpose, P + 1 entries: passage p's term numbers are forwardTerms[forwardOffsets[p] .. [p + 1]). */
  forwardOffsets: string;
  /** Ascending within a passage. */
  forwardTerms: string;
}

const LITTLE_ENDIAN = endianness() === 'LE';

export function encodeInts(values: Int32Array): string {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return (LITTLE_ENDIAN ? bytes : Buffer.from(bytes).swap32()).toString('base64');
}

export function decodeInts(base64: string): Int32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 4 !== 0) throw new Error('route data: truncated integer array');
  if (!LITTLE_ENDIAN) bytes.swap32();
  // A copy: Buffer.from may hand out a slice of its pool at an offset an Int32Array cannot start at.
  const values = new Int32Array(bytes.length / 4);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

/** Derives the route data from minisearch's serialised index (toJSON), skipping discarded passages. */
export function buildRouteData(plain: AsPlainObject): RouteData {
  const { passageOf, files, passages } = livePassages(plain);
  const headingField = String(plain.fieldIds.heading);
  // Each term's postings back to back in index order, then laid out again in vocabulary order: no per-term arrays.
  let buffer: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  let used = 0;
  const found: Array<{ term: string; start: number; end: number }> = [];
  for (const [term, fields] of plain.index) {
    const start = used;
    let lists = 0;
    for (const fieldId in fields) {
      const bit = fieldId === headingField ? 1 : 0;
      lists++;
      for (const shortId in fields[fieldId]) {
        const passage = passageOf[Number(shortId)] ?? -1;
        if (passage < 0) continue;
        if (used === buffer.length) buffer = grow(buffer);
        buffer[used++] = passage * 2 + bit;
      }
    }
    if (used === start) continue;
    // One field's list is ascending already (integer keys enumerate in order, and so were passages numbered).
    if (lists > 1) used = start + dedupe(buffer.subarray(start, used).sort());
    found.push({ term, start, end: used });
  }
  found.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const offsets = new Int32Array(found.length + 1);
  const postings = new Int32Array(used);
  for (const [i, { start, end }] of found.entries()) {
    postings.set(buffer.subarray(start, end), offsets[i]!);
    offsets[i + 1] = offsets[i]! + end - start;
  }
  // Persisted rather than derived at load: the transpose is random writes all over, several times the cost of
  // decoding it.
  const forward = transpose({ offsets, postings, passageCount: passages.length / 2 });
  return {
    terms: found.map(({ term }) => term).join(' '),
    offsets: encodeInts(offsets),
    postings: encodeInts(postings),
    files,
    passages: encodeInts(Int32Array.from(passages)),
    forwardOffsets: encodeInts(forward.offsets),
    forwardTerms: encodeInts(forward.terms),
  };
}

/** The live passages, numbered in minisearch's order: by short id, a passage number or -1 (discarded). */
function livePassages(plain: AsPlainObject): { passageOf: Int32Array; files: string[]; passages: number[] } {
  const passageOf = new Int32Array(plain.nextId).fill(-1);
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const passages: number[] = [];
  for (const shortId in plain.documentIds) {
    const { path, line } = plain.storedFields[shortId] as StoredPassage;
    let file = fileIndex.get(path);
    if (file === undefined) fileIndex.set(path, (file = files.push(path) - 1));
    passageOf[Number(shortId)] = passages.length / 2;
    passages.push(file, line);
  }
  return { passageOf, files, passages };
}

function grow(buffer: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(buffer.length * 2);
  larger.set(buffer);
  return larger;
}

/** Each passage's term numbers, ascending, from each term's passages. */
function transpose(index: { offsets: Int32Array; postings: Int32Array; passageCount: number }): {
  offsets: Int32Array;
  terms: Int32Array;
} {
  const { postings, passageCount } = index;
  const offsets = new Int32Array(passageCount + 1);
  for (const entry of postings) offsets[(entry >> 1) + 1]!++;
  for (let p = 0; p < passageCount; p++) offsets[p + 1]! += offsets[p]!;
  const next = offsets.slice(0, passageCount);
  const terms = new Int32Array(postings.length);
  // Terms in order, so each passage's list comes out ascending.
  for (let term = 0; term + 1 < index.offsets.length; term++) {
    for (let i = index.offsets[term]!; i < index.offsets[term + 1]!; i++) terms[next[postings[i]! >> 1]!++] = term;
  }
  return { offsets, terms };
}

/** A passage listed for both heading and text (sorted, so adjacent) becomes one entry with the heading bit. */
function dedupe(sorted: Int32Array): number {
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i]!;
    if (kept > 0 && sorted[kept - 1]! >> 1 === entry >> 1) sorted[kept - 1] = sorted[kept - 1]! | entry;
    else sorted[kept++] = entry;
  }
  return kept;
}
