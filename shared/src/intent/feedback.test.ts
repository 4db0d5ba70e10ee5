import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendCorrection,
  CORRECTIONS_FILE,
  CorrectionIndex,
  EXACT_MATCH_LOGIT,
  readCorrections,
  readLastRoute,
  recordLastRoute,
} from './feedback.js';

let stateDir: string;
beforeEach(() => {
  stateDir = join(mkdtempSync(join(tmpdir(), 'payready-feedback-')), 'payready');
});
afterEach(() => rmSync(join(stateDir, '..'), { recursive: true, force: true }));

describe('last route', () => {
  it('round-trips, private to the user', () => {
    expect(readLastRoute(stateDir)).toBeUndefined();
    const entry = { query: 'book a table for two', chosen: 'claude', at: '2025-01-02T03:04:05.000Z' };
    recordLastRoute(stateDir, entry);
    expect(readLastRoute(stateDir)).toEqual(entry);
    expect(statSync(join(stateDir, 'last-route.json')).mode & 0o777).toBe(0o600);
  });

  it('ignores a file it did not write', () => {
    recordLastRoute(stateDir, { query: 'x', chosen: 'web', at: 'now' });
    writeFileSync(join(stateDir, 'last-route.json'), '{"query": 3}');
    expect(readLastRoute(stateDir)).toBeUndefined();
    writeFileSync(join(stateDir, 'last-route.json'), 'not json');
    expect(readLastRoute(stateDir)).toBeUndefined();
  });
});

describe('corrections', () => {
  it('append and read back in order, skipping malformed lines', () => {
    appendCorrection(stateDir, { query: 'q1', chosen: 'claude', label: 'web', at: 't1' });
    appendCorrection(stateDir, { query: 'q2', chosen: 'web', label: 'agno', at: 't2' });
    const file = join(stateDir, CORRECTIONS_FILE);
    writeFileSync(file, `${readFileSync(file, 'utf8')}garbage\n{"query":"q3","label":"nope"}\n`);
    expect(readCorrections(stateDir)).toEqual([
      { query: 'q1', chosen: 'claude', label: 'web', at: 't1' },
      { query: 'q2', chosen: 'web', label: 'agno', at: 't2' },
    ]);
  });

  it('the index matches the same query after normalisation, and near-identical ones more weakly', () => {
    const index = new CorrectionIndex([
      { query: 'Show me the Q3 numbers for ACME', chosen: 'claude', label: 'web', at: '' },
      { query: 'open the dashboard and export the sales report as a csv file', chosen: 'codex', label: 'agno', at: '' },
    ]);
    expect(index.priors('show me the q3 numbers   for acme')).toEqual([
      { label: 'web', logit: EXACT_MATCH_LOGIT, reason: 'your correction (same query)' },
    ]);
    const near = index.priors('please open the dashboard and export the sales report as a csv file');
    expect(near).toHaveLength(1);
    expect(near[0]!.label).toBe('agno');
    expect(near[0]!.logit).toBeLessThan(EXACT_MATCH_LOGIT);
    expect(index.priors('explain monads')).toEqual([]);
  });

  it('a later correction of the same query wins', () => {
    const index = new CorrectionIndex([
      { query: 'status of flight BA117', chosen: 'claude', label: 'agno', at: '' },
      { query: 'status of flight BA117', chosen: 'agno', label: 'web', at: '' },
    ]);
    expect(index.priors('status of flight BA117')[0]!.label).toBe('web');
  });
});
