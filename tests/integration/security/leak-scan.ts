import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A secret under test: a name for messages and the value. */
export interface TestSecret {
  name: string;
  value: string;
}

/** Where collected bytes came from (a file path, `run 3 (ask …) stderr`, a span attribute) and the bytes. */
export interface LeakSource {
  where: string;
  data: Buffer | string;
}

export interface LeakHit {
  secret: string;
  form: string;
  where: string;
  /** A few characters either side of the hit, with the hit itself masked. */
  context: string;
}

/** `length` characters of a fresh random base64url token (letters, digits, `-`, `_`). */
export function randomToken(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

/**
 * Keys in the shapes the providers issue, random per run so that nothing in the repo or an earlier run
 * can match by accident. The agno key has no provider prefix: only the known-value scrubber can catch it.
 */
export function randomKeys(): Record<'anthropic' | 'openai' | 'brave' | 'tavily' | 'agno', string> {
  return {
    anthropic: `sk-ant-api03-${randomToken(86)}-${randomToken(6)}AA`,
    openai: `sk-proj-${randomToken(64)}`,
    brave: `BSA${randomToken(28)}`,
    tavily: `tvly-dev-${randomToken(32)}`,
    agno: `osk${randomToken(40)}`,
  };
}

export type LeakForm = 'plain' | 'base64' | 'base64url' | 'hex' | 'HEX' | 'middle16';

/**
 * Every spelling of `value` the scan looks for: plain, base64 (standard and url-safe, unpadded so that a
 * copy without its `=` is found too), hex in both cases, and a 16-character piece of its middle (a
 * truncated or partly masked key still leaks).
 */
export function leakForms(value: string): Record<LeakForm, string> {
  const bytes = Buffer.from(value, 'utf8');
  const middle = Math.floor(value.length / 2);
  return {
    plain: value,
    base64: bytes.toString('base64').replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
    hex: bytes.toString('hex'),
    HEX: bytes.toString('hex').toUpperCase(),
    middle16: value.slice(middle - 8, middle + 8),
  };
}

/** Every regular file under `root`, recursively, read as bytes. Symlinks are not followed. */
export function collectFiles(root: string): LeakSource[] {
  const sources: LeakSource[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) sources.push(...collectFiles(path));
    else if (entry.isFile()) sources.push({ where: path, data: readFileSync(path) });
  }
  return sources;
}

/** Every occurrence of every form of every secret in every source (binary-safe: searched as bytes). */
export function findLeaks(sources: readonly LeakSource[], secrets: readonly TestSecret[]): LeakHit[] {
  const hits: LeakHit[] = [];
  const needles = secrets.flatMap((secret) =>
    Object.entries(leakForms(secret.value)).map(([form, text]) => ({
      secret: secret.name,
      form,
      bytes: Buffer.from(text),
    })),
  );
  for (const source of sources) {
    const data = typeof source.data === 'string' ? Buffer.from(source.data, 'utf8') : source.data;
    for (const needle of needles) {
      const at = data.indexOf(needle.bytes);
      if (at < 0) continue;
      const before = data.subarray(Math.max(0, at - 40), at).toString('utf8');
      const after = data.subarray(at + needle.bytes.length, at + needle.bytes.length + 40).toString('utf8');
      hits.push({
        secret: needle.secret,
        form: needle.form,
        where: source.where,
        context: `${before}<${needle.form}>${after}`,
      });
    }
  }
  return hits;
}

/** One line per hit, for an assertion message that says exactly where each leak is. */
export function describeHits(hits: readonly LeakHit[]): string {
  return hits.map((hit) => `${hit.secret} (${hit.form}) in ${hit.where}: …${JSON.stringify(hit.context)}…`).join('\n');
}
