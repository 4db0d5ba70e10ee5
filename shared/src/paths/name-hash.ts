/**
 * A 106-bit non-cryptographic hash (cyrb53 with two seeds) as 28 hex digits, for naming local cache files after
 * their inputs (the compiled config, the local docs index) and checksumming disk cache entries. Loading
 * node:crypto for sha256 costs ~0.2× `node -e 0` of a CLI run that otherwise needs no crypto. Collisions are
 * improbable, not hard to make, so every file named this way also stores its input and is ignored when the
 * input differs; a checksum guards against accidents only.
 */
export function nameHash(text: string): string {
  // Both seeds' lanes in one pass over the text: half the loads of two cyrb53 calls, the same digits.
  let a1 = 0xdeadbeef ^ SEED_A;
  let a2 = 0x41c6ce57 ^ SEED_A;
  let b1 = 0xdeadbeef ^ SEED_B;
  let b2 = 0x41c6ce57 ^ SEED_B;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a1 = Math.imul(a1 ^ code, 2654435761);
    a2 = Math.imul(a2 ^ code, 1597334677);
    b1 = Math.imul(b1 ^ code, 2654435761);
    b2 = Math.imul(b2 ^ code, 1597334677);
  }
  return cyrb53Digits(a1, a2) + cyrb53Digits(b1, b2);
}

// cyrb53 by bryc (public domain): two 32-bit multiply-xorshift lanes folded into 53 bits.
const SEED_A = 0x9e3779b9;
const SEED_B = 0x85ebca6b;

function cyrb53Digits(h1: number, h2: number): string {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
