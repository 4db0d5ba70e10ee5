import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHome, runCli, type TempHome } from '../test-utils/src/index.js';

let home: TempHome;
beforeAll(() => {
  home = createTempHome();
});
afterAll(() => home.cleanup());

describe('route --correct', () => {
  it('records a correction for the last routed query, and the next route of that query follows it', async () => {
    const query = 'what does the quarterly report say about margins';
    const first = await runCli(['route', '--json', query], { env: home.env });
    expect(first.code).toBe(0);
    const chosen = (JSON.parse(first.stdout) as { agent: string }).agent;
    const target = chosen === 'web' ? 'claude' : 'web';

    const correct = await runCli(['route', '--correct', target], { env: home.env });
    expect(correct.code).toBe(0);
    const corrections = readFileSync(join(home.stateDir, 'corrections.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(corrections.at(-1)!)).toMatchObject({ query, label: target });

    const again = await runCli(['route', '--json', query], { env: home.env });
    const scores = (JSON.parse(again.stdout) as { scores: Array<{ agent: string; score: number }> }).scores;
    expect(scores[0]!.agent).toBe(target);
  });

  it('with nothing routed yet, says so with a usage error', async () => {
    const fresh = createTempHome();
    const run = await runCli(['route', '--correct', 'web'], { env: fresh.env });
    fresh.cleanup();
    expect(run.code).toBe(2);
  });
});
