import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editConfigFile, editConfigText } from './edit-config-file.js';
import { validateConfigFile } from './validate-config-file.js';

const CANARY_BLOCK = `    # try gpt-5 on a slice of the traffic
    canary:
      model: gpt-5     # the candidate
      percent: 5
`;
const BEFORE = `# team config: keep comments!
app:
  name:   "PayReady"   # quoted, padded
agents:
  codex:
    base_url: http://127.0.0.1:11434/v1   # local server
    api: chat
    models: [gpt-5-mini,   gpt-5]
${CANARY_BLOCK}
    temperature: 0.2
  claude: {max_tokens: 2048}
routing:
    max_retries: 2
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payready-edit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('editing a config file in place', () => {
  it('rollback removes the canary block and leaves every other byte as written', async () => {
    const after = await editConfigText(BEFORE, { path: ['agents', 'codex'], remove: ['canary'] });
    expect(after).toBe(BEFORE.replace(CANARY_BLOCK, ''));
    expect(parse(after).agents.codex).toEqual({
      base_url: 'http://127.0.0.1:11434/v1',
      api: 'chat',
      models: ['gpt-5-mini', 'gpt-5'],
      temperature: 0.2,
    });
  });

  it('promote puts the canary model where the block was; a key that exists is replaced in place', async () => {
    const promoted = await editConfigText(BEFORE, {
      path: ['agents', 'codex'],
      set: { model: 'gpt-5' },
      remove: ['canary'],
    });
    expect(promoted).toBe(BEFORE.replace(CANARY_BLOCK, '    model: gpt-5\n'));
    const moved = await editConfigText(BEFORE, {
      path: ['agents', 'codex'],
      set: { base_url: 'http://10.0.0.2:8000/v1' },
      remove: ['canary'],
    });
    expect(moved).toBe(
      BEFORE.replace(CANARY_BLOCK, '').replace('http://127.0.0.1:11434/v1 ', 'http://10.0.0.2:8000/v1 '),
    );
  });

  it('sets a number inside the block (canary set --percent)', async () => {
    const after = await editConfigText(BEFORE, { path: ['agents', 'codex', 'canary'], set: { percent: 12.5 } });
    expect(after).toBe(BEFORE.replace('percent: 5', 'percent: 12.5'));
  });

  it('an agent section left empty is removed too (it would read as null)', async () => {
    const text = 'agents:\n  codex:\n    canary: {model: gpt-5, percent: 5}\n  web: {enabled: false}\n';
    expect(await editConfigText(text, { path: ['agents', 'codex'], remove: ['canary'] })).toBe(
      'agents:\n  web: {enabled: false}\n',
    );
  });

  it('falls back to the Document API for flow mappings, keeping the meaning and the comments', async () => {
    const text = '# mine\nagents: {codex: {model: a, canary: {model: b, percent: 5}}}\n';
    const after = await editConfigText(text, { path: ['agents', 'codex'], set: { model: 'b' }, remove: ['canary'] });
    expect(parse(after)).toEqual({ agents: { codex: { model: 'b' } } });
    expect(after).toContain('# mine');
  });

  it('writes the file atomically with its mode kept, and the result validates', async () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, BEFORE);
    chmodSync(file, 0o640);
    await editConfigFile(file, { path: ['agents', 'codex'], set: { model: 'gpt-5' }, remove: ['canary'] });
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(file, 'utf8')).toBe(BEFORE.replace(CANARY_BLOCK, '    model: gpt-5\n'));
    expect(await validateConfigFile(file)).toEqual([]);
  });
});
