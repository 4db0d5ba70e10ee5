/**
 * A fixed set of words looked up by a range of a larger text, so the feature extractor can ask "is
 * text[start, end) a lexicon word?" per token without slicing a string for it (and without the string
 * hashing a Map lookup implies). Open addressing over an FNV-1a hash of the char codes; built once, read-only.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** No extra character: see `WordTable.find`. */
export const NO_SUFFIX = -1;

function hashRange(text: string, start: number, end: number, suffix: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  if (suffix !== NO_SUFFIX) h = Math.imul(h ^ suffix, FNV_PRIME);
  return h;
}

export class WordTable {
  private readonly words: (string | undefined)[];
  private readonly hashes: Int32Array;
  private readonly ids: Int32Array;
  private readonly mask: number;

  private count = 0;

  /** Room for `capacity` words. */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.words = new Array<string | undefined>(size);
    this.hashes = new Int32Array(size);
    this.ids = new Int32Array(size);
  }

  /** Adds a word not yet present; returns its id (the number of words added before it). */
  add(word: string): number {
    const hash = hashRange(word, 0, word.length, NO_SUFFIX);
    let slot = hash & this.mask;
    while (this.words[slot] !== undefined) slot = (slot + 1) & this.mask;
    this.words[slot] = word;
    this.hashes[slot] = hash;
    this.ids[slot] = this.count;
    return this.count++;
  }

  /**
   * The id of `text[start, end)` followed by the character `suffix` (a char code, or
   * NO_SUFFIX), or -1. The extra character lets a caller try a stem with one letter restored (`studies` →
   * `study`) without building the string.
   */
  find(text: string, start: number, end: number, suffix: number): number {
    const length = end - start + (suffix === NO_SUFFIX ? 0 : 1);
    const hash = hashRange(text, start, end, suffix);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const word = this.words[slot];
      if (word === undefined) return -1;
      if (this.hashes[slot] === hash && word.length === length && sameChars(word, text, start, end, suffix))
        return this.ids[slot]!;
    }
  }
}

function sameChars(word: string, text: string, start: number, end: number, suffix: number): boolean {
  for (let i = start; i < end; i++) if (word.charCodeAt(i - start) !== text.charCodeAt(i)) return false;
  return suffix === NO_SUFFIX || word.charCodeAt(end - start) === suffix;
}
