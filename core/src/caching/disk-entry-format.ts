import { sha256Hex } from './sha256-hex.js';

// One header line, then the serialised entry. The header lets a reader reject an expired entry without
// hashing it, and a torn or tampered one (length or sha256 mismatch) without parsing it.
//   PRC1 <expiresAt ms> <body bytes> <sha256 hex of body>\n<body>
const MAGIC = 'PRC1 ';
const NEWLINE = 0x0a;
const MAX_HEADER = 128;

export function encodeDiskEntry(body: string, expiresAt: number): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`${MAGIC}${expiresAt} ${bytes.length} ${sha256Hex(body)}\n`, 'latin1'), bytes]);
}

export type DiskEntryRead = { ok: true; body: string } | { ok: false; reason: 'corrupt' | 'expired' };

/** Parses and verifies a whole file's bytes. */
export function decodeDiskEntry(data: Buffer, now: number): DiskEntryRead {
  const end = data.indexOf(NEWLINE, 0);
  if (end < 0 || end > MAX_HEADER) return { ok: false, reason: 'corrupt' };
  const header = data.toString('latin1', 0, end);
  if (!header.startsWith(MAGIC)) return { ok: false, reason: 'corrupt' };
  const [expires, length, hash] = header.slice(MAGIC.length).split(' ');
  const expiresAt = Number(expires);
  if (!Number.isFinite(expiresAt) || hash === undefined || hash.length !== 64) return { ok: false, reason: 'corrupt' };
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  if (Number(length) !== data.length - end - 1) return { ok: false, reason: 'corrupt' };
  const body = data.toString('utf8', end + 1);
  if (sha256Hex(body) !== hash) return { ok: false, reason: 'corrupt' };
  return { ok: true, body };
}

/** expiresAt from a header prefix (for eviction scans); undefined when it is not a header. */
export function headerExpiry(prefix: Buffer): number | undefined {
  const end = prefix.indexOf(NEWLINE, 0);
  const header = prefix.toString('latin1', 0, end < 0 ? prefix.length : end);
  if (!header.startsWith(MAGIC)) return undefined;
  const expiresAt = Number(header.slice(MAGIC.length).split(' ')[0]);
  return Number.isFinite(expiresAt) ? expiresAt : undefined;
}
