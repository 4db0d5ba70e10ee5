import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendCorrection } from './feedback.js';
import { INTENT_LABELS } from './labels.js';
import type { IntentScores } from './labels.js';
import { intentModelReady, prepareIntent, resetIntent, scoreIntent } from './score-intent.js';

const top = (scores: IntentScores) =>
  INTENT_LABELS.reduce((best, label) => (scores.probabilities[label] > scores.probabilities[best] ? label : best));
const sum = (scores: IntentScores) => INTENT_LABELS.reduce((total, label) => total + scores.probabilities[label], 0);

describe('before prepareIntent', () => {
  beforeAll(() => resetIntent());

  it('answers with the keyword baseline', () => {
    expect(intentModelReady()).toBe(false);
    const scores = scoreIntent('refactor this python function');
    expect(sum(scores)).toBeCloseTo(1, 12);
    expect(top(scores)).toBe('codex');
    expect(scores.reasons.codex[0]).toMatch(/^matched "/);
  });
});

describe('with the trained model', () => {
  let stateRoot: string | undefined;
  afterEach(() => {
    if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
    stateRoot = undefined;
  });

  it('loads, and probabilities sum to 1 on every kind of input', async () => {
    await prepareIntent();
    expect(intentModelReady()).toBe(true);
    const texts = ['', '?', 'explain monads', 'ünïcödé テキスト 🚀', 'x'.repeat(100_000), 'a\n'.repeat(5000)];
    for (const text of texts) {
      const scores = scoreIntent(text);
      expect(sum(scores)).toBeCloseTo(1, 9);
      for (const label of INTENT_LABELS) expect(scores.probabilities[label]).toBeGreaterThan(0);
    }
  });

  it('routes the canonical cases and explains itself', async () => {
    await prepareIntent();
    const cases: [string, string][] = [
      ["why does my build fail with ENOENT: no such file or directory, open 'dist/index.js'", 'codex'],
      ['diff --git a/src/app.ts b/src/app.ts\n@@ -1,3 +1,4 @@\n-listen(3000)\n+listen(port)\nreview this', 'codex'],
      ['find all files larger than 100MB in my home directory and delete them', 'codex'],
      ["what's the latest version of node", 'web'],
      ['who won the champions league final last night', 'web'],
      ['book a table for two at Nopa on Friday at 7pm', 'agno'],
      ['on amazon, add the cheapest usb-c hub with 4+ stars to my cart', 'agno'],
      ['explain monads', 'claude'],
      ['write a short poem about the sea', 'claude'],
    ];
    for (const [text, expected] of cases) expect([text, top(scoreIntent(text))]).toEqual([text, expected]);
    const reasons = scoreIntent("what's the latest version of node").reasons.web;
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason).toMatch(/^.+ \+\d+\.\d\d$/);
  });

  it('is cached for the same text and stable across calls', async () => {
    await prepareIntent();
    const a = scoreIntent('what is the weather in Oslo tomorrow');
    expect(scoreIntent('what is the weather in Oslo tomorrow')).toBe(a);
    scoreIntent('something else');
    expect(scoreIntent('what is the weather in Oslo tomorrow')).toEqual(a);
  });

  it("applies the user's corrections as priors", async () => {
    stateRoot = mkdtempSync(join(tmpdir(), 'payready-intent-'));
    const stateDir = join(stateRoot, 'payready');
    const query = 'show me the quarterly numbers for acme';
    await prepareIntent();
    const before = scoreIntent(query);
    const corrected = INTENT_LABELS.find((label) => label !== top(before))!;
    appendCorrection(stateDir, { query, chosen: top(before), label: corrected, at: new Date().toISOString() });
    await prepareIntent({ stateDir });
    const after = scoreIntent('Show me the quarterly numbers for ACME');
    expect(top(after)).toBe(corrected);
    expect(after.reasons[corrected][0]).toMatch(/^your correction \(same query\) \+/);
    await prepareIntent({});
    expect(top(scoreIntent(query))).toBe(top(before));
  });
});
