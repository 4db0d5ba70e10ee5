/** Secrets shorter than this are ignored: redacting "abc" everywhere would shred ordinary text. */
export const MIN_SECRET_LENGTH = 4;
/** Shorter base64 fragments (of secrets embedded in a larger base64 blob) match too much unrelated text. */
const MIN_FRAGMENT_LENGTH = 8;

const toBase64Url = (base64: string): string => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The base64 characters that depend only on `bytes` when they sit at byte offset `offset` (mod 3) inside a
 * larger encoded payload, as in `Authorization: Basic base64(user:secret)`. The first characters (mixed with
 * the preceding bytes) and the last partial character (mixed with the following ones) are dropped.
 */
function alignedBase64(bytes: Buffer, offset: 0 | 1 | 2): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
  const skip = [0, 2, 3][offset]!;
  const complete = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(skip, complete);
}

/**
 * Every spelling of `secret` that an upstream error, a debug dump or a header echo could carry: the raw
 * value, its base64 / base64url / hex encodings (whole and embedded at any alignment), JSON-escaped and
 * URL-encoded. Longest first, so that an alternation of them prefers the longest spelling at a position.
 */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  const forms = new Set<string>([
    secret,
    bytes.toString('base64'),
    bytes.toString('base64url'),
    hex,
    hex.toUpperCase(),
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
  ]);
  for (const offset of [0, 1, 2] as const) {
    const fragment = alignedBase64(bytes, offset);
    if (fragment.length >= MIN_FRAGMENT_LENGTH) {
      forms.add(fragment);
      forms.add(toBase64Url(fragment));
    }
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}
