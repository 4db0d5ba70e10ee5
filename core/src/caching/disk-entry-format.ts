import { nameHash } from '@payready/shared';

// One header line, then the serialised entry. The header lets a reader reject an expired entry without
// hashing it, and a torn or garbled one (length or checksum mismatch) without parsing it. The checksum guards
// against accidents, not attackers (whoever can write this directory can write a valid entry), so it is the
// non-cryptographic nameHash: a cached ask then never loads node:crypto for it.
//   PRC2 <expiresAt ms> <body bytes> <nameHash of body>\n<body>
const MAGIC = 'PRC2 ';
const NEWLINE = 0x0a;
const MAX_HEADER = 128;
const CHECKSUM_LENGTH = nameHash('').length;

export function encodeDiskEntry(body: string, expiresAt: number): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`${MAGIC}${expiresAt} ${bytes.length} ${nameHash(body)}\n`, 'latin1'), bytes]);
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
  if (!Number.isFinite(expiresAt) || hash === undefined || hash.length !== CHECKSUM_LENGTH)
    return { ok: false, reason: 'corrupt' };
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  if (Number(length) !== data.length - end - 1) return { ok: false, reason: 'corrupt' };
  const body = data.toString('utf8', end + 1);
  if (nameHash(body) !== hash) return { ok: false, reason: 'corrupt' };
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
