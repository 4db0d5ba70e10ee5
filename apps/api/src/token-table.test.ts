import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfig } from '@payready/core/testing';
import { createTokenTable } from './token-table.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('createTokenTable', () => {
  it('matches a token by its digest and carries its own limits', async () => {
    const config = await testConfig({
      'server.tokens': [
        { name: 'a', sha256: sha256('token-a'), burst: 3 },
        { name: 'b', sha256: sha256('token-b').toUpperCase() },
      ],
    });
    const table = createTokenTable(config);
    expect(table.match('token-a')).toMatchObject({ name: 'a', limit: { burst: 3 } });
    expect(table.match('token-b')?.name).toBe('b');
    expect(table.match('token-c')).toBeUndefined();
    expect(table.match('')).toBeUndefined();
  });

  it('reads NAME SHA256 lines from server.tokens_file and names a bad line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payready-tokens-'));
    try {
      const file = join(dir, 'tokens');
      writeFileSync(file, `# comment\n\nci ${sha256('ci-token')}   # trailing comment\n`);
      expect(createTokenTable(await testConfig({ 'server.tokens_file': file })).match('ci-token')?.name).toBe('ci');
      writeFileSync(file, 'ci not-a-digest\n');
      const config = await testConfig({ 'server.tokens_file': file });
      expect(() => createTokenTable(config)).toThrow(/tokens:1:1: expected `NAME SHA256`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
