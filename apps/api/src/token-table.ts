import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, type PayReadyConfig } from '@payready/shared';
import type { RateLimit } from '@payready/core';

export interface TokenEntry {
  name: string;
  digest: Buffer;
  limit?: Partial<RateLimit>;
}

/** The accepted bearer tokens, as sha256 digests. */
export class TokenTable {
  constructor(readonly entries: readonly TokenEntry[]) {}

  get size(): number {
    return this.entries.length;
  }

  /**
   * The entry whose digest matches the presented token, comparing with every entry in constant time (no
   * early exit), so response time says nothing about which digest was close.
   */
  match(token: string): TokenEntry | undefined {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: TokenEntry | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(digest, entry.digest) && !found) found = entry;
    }
    return found;
  }
}

/** `NAME SHA256` per line; `#` starts a comment. */
function readTokensFile(path: string): TokenEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      {
        source: path,
        keyPath: 'server.tokens_file',
        message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      },
    ]);
  }
  const entries: TokenEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const [name, hex, ...rest] = line.split(/\s+/);
    if (!name || !hex || rest.length > 0 || !/^[0-9a-f]{64}$/i.test(hex)) {
      throw new ConfigError([
        {
          source: path,
          line: index + 1,
          message: 'expected `NAME SHA256` (a 64-digit hex digest)',
          got: JSON.stringify(raw.trim()),
        },
      ]);
    }
    entries.push({ name, digest: Buffer.from(hex, 'hex') });
  });
  return entries;
}

export function createTokenTable(config: PayReadyConfig): TokenTable {
  const entries: TokenEntry[] = config.server.tokens.map((token) => ({
    name: token.name,
    digest: Buffer.from(token.sha256, 'hex'),
    ...(token.requests_per_minute !== undefined || token.burst !== undefined
      ? {
          limit: {
            ...(token.requests_per_minute !== undefined ? { perMinute: token.requests_per_minute } : {}),
            ...(token.burst !== undefined ? { burst: token.burst } : {}),
          },
        }
      : {}),
  }));
  if (config.server.tokens_file) entries.push(...readTokensFile(config.server.tokens_file));
  return new TokenTable(entries);
}
