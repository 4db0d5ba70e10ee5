import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { lazyCrypto } from '@payready/shared';

// Loading node:crypto costs a cold process ~4 ms (+0.17× `node -e 0` here, most of what a cached `payready ask`
// spends beyond `payready route`), while hashing one ~1 KB cache key in JavaScript costs well under that even
// before the JIT warms up. A one-shot CLI run hashes a key or two; a server hashes millions, where OpenSSL is
// several times faster. So the first JS_BUDGET characters a process hashes go through @noble/hashes (the same
// digest: a property test compares the two) and everything else through node:crypto. Measured cold, the JS
// path breaks even with loading node:crypto at about 4 KB.
const JS_BUDGET = 4096;

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;

let native: ((data: string) => string) | undefined;
let jsHashed = 0;

/** sha256 of the UTF-8 encoding of `data`, as lowercase hex. */
export function sha256Hex(data: string): string {
  if (native) return native(data);
  if (jsHashed + data.length <= JS_BUDGET) {
    jsHashed += data.length;
    return sha256HexInJs(data);
  }
  native = nativeHasher();
  return native(data);
}

/** The JavaScript path alone, for the test that holds it to node:crypto's digest. */
export function sha256HexInJs(data: string): string {
  return bytesToHex(sha256(utf8ToBytes(data)));
}

function nativeHasher(): (data: string) => string {
  const crypto = lazyCrypto();
  // crypto.hash (Node ≥ 20.12) skips the Hash object: about 2x faster than createHash for short inputs.
  const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
  return oneShot
    ? (data) => oneShot('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');
}
