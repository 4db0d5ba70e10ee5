import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorrections, recordLastRoute, UsageError } from '@payready/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIO } from '../capture-io.js';
import { routeCorrect } from './route-correct.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'payready-route-correct-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const stateDir = () => join(root, 'state', 'payready');

function fakeIO() {
  return captureIO({ env: { HOME: root, XDG_STATE_HOME: join(root, 'state') }, cwd: root });
}

describe('payready route --correct', () => {
  it('records the last routed query with the corrected agent', async () => {
    recordLastRoute(stateDir(), { query: 'status of flight BA117', chosen: 'agno', at: '2025-01-01T00:00:00.000Z' });
    const { io, text } = fakeIO();
    expect(await routeCorrect({ agent: 'web' }, io)).toBe(0);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain('agno → web');
    const [correction] = readCorrections(stateDir());
    expect(correction).toMatchObject({ query: 'status of flight BA117', chosen: 'agno', label: 'web' });
  });

  it('fails with a usage error when nothing was routed yet', async () => {
    const { io } = fakeIO();
    await expect(routeCorrect({ agent: 'web' }, io)).rejects.toThrow(UsageError);
  });

  it('rejects an unknown agent with a suggestion', async () => {
    recordLastRoute(stateDir(), { query: 'x', chosen: 'claude', at: 'now' });
    const { io } = fakeIO();
    const error = (await routeCorrect({ agent: 'codx' }, io).catch((e: unknown) => e)) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.hint).toContain('did you mean "codex"');
    expect(readCorrections(stateDir())).toEqual([]);
  });
});
