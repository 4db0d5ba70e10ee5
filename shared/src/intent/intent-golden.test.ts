import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRouterModel } from './load-model.js';
import { scoreWithModel } from './model.js';

// The scorer's outputs on the whole dev set, pinned: probabilities to 1e-9 and a digest of every label's
// reasons, as computed before the scorer was optimised (issue 7). Speed work must leave them as they are.
// After a deliberate change of outputs (a retrain), regenerate with PAYREADY_UPDATE_GOLDEN=1.
const here = dirname(fileURLToPath(import.meta.url));
const goldenFile = join(here, 'fixtures/dev-scores.golden.jsonl');
const rows = readFileSync(join(here, '../../../data/routing/dev.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { id: string; query: string });

interface GoldenRow {
  id: string;
  p: number[];
  r: string;
}

describe('the shipped router model on the dev set', () => {
  it('gives the pinned probabilities and reasons', async () => {
    const model = await loadRouterModel();
    const actual: GoldenRow[] = rows.map((row) => {
      const scores = scoreWithModel(model, row.query, { referenceYear: 2025 });
      return {
        id: row.id,
        p: Object.values(scores.probabilities).map((p) => Number(p.toFixed(9))),
        r: createHash('sha256').update(JSON.stringify(scores.reasons)).digest('hex').slice(0, 12),
      };
    });
    if (process.env.PAYREADY_UPDATE_GOLDEN === '1')
      writeFileSync(goldenFile, actual.map((row) => JSON.stringify(row)).join('\n') + '\n');
    const golden = readFileSync(goldenFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as GoldenRow);
    expect(actual.length).toBe(golden.length);
    // One row at a time, so a failure names the query.
    actual.forEach((row, index) => expect(row).toEqual(golden[index]));
  });
});
