/**
 * A 106-bit non-cryptographic hash (cyrb53 with two seeds) as 28 hex digits, for naming local cache files after
 * their inputs: the compiled config, the local docs index. Loading node:crypto for sha256 costs ~0.3× `node -e 0`
 * of a CLI run that otherwise needs no crypto. Collisions are improbable, not hard to make, so every file named
 * this way also stores its input and is ignored when the input differs.
 */
export function nameHash(text: string): string {
  return cyrb53(text, 0x9e3779b9) + cyrb53(text, 0x85ebca6b);
}

// cyrb53 by bryc (public domain): two 32-bit multiply-xorshift lanes folded into 53 bits.
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
