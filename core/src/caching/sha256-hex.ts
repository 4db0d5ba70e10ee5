import * as crypto from 'node:crypto';

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;

// crypto.hash (Node ≥ 20.12) skips the Hash object: about 2x faster than createHash for short inputs.
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

export function sha256Hex(data: string): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}
