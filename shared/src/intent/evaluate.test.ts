import { describe, expect, it } from 'vitest';
import { evaluateRouting, predictedLabel } from './evaluate.js';
import type { IntentLabel } from './labels.js';

const p = (top: IntentLabel, confidence = 0.7): Record<IntentLabel, number> => {
  const rest = (1 - confidence) / 3;
  return { claude: rest, codex: rest, web: rest, agno: rest, [top]: confidence };
};

describe('evaluateRouting', () => {
  it('matches a hand-computed case', () => {
    // gold:      codex codex codex web  web   claude agno
    // predicted: codex codex web   web  codex claude claude
    const items = [
      { gold: 'codex', probabilities: p('codex') },
      { gold: 'codex', probabilities: p('codex') },
      { gold: 'codex', probabilities: p('web') },
      { gold: 'web', probabilities: p('web') },
      { gold: 'web', probabilities: p('codex') },
      { gold: 'claude', probabilities: p('claude') },
      { gold: 'agno', probabilities: p('claude') },
    ] as const;
    const m = evaluateRouting(items);
    expect(m.count).toBe(7);
    expect(m.accuracy).toBeCloseTo(4 / 7, 12);
    // codex: P = 2/3, R = 2/3, F1 = 2/3.  web: P = 1/2, R = 1/2.  claude: P = 1/2, R = 1, F1 = 2/3.  agno: 0.
    expect(m.perLabel.codex).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: expect.closeTo(2 / 3, 12), support: 3 });
    expect(m.perLabel.web.f1).toBeCloseTo(0.5, 12);
    expect(m.perLabel.claude.f1).toBeCloseTo(2 / 3, 12);
    expect(m.perLabel.agno).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.5 + 2 / 3 + 0) / 4, 12);
    // Rows gold, columns predicted, in INTENT_LABELS order (claude, codex, web, agno).
    expect(m.confusion).toEqual([
      [1, 0, 0, 0],
      [0, 2, 1, 0],
      [0, 1, 1, 0],
      [1, 0, 0, 0],
    ]);
    // Every confidence is 0.7 (one bin): |4/7 - 0.7|.
    expect(m.ece).toBeCloseTo(Math.abs(4 / 7 - 0.7), 12);
  });

  it('handles an empty set', () => {
    const m = evaluateRouting([]);
    expect(m.accuracy).toBe(0);
    expect(m.macroF1).toBe(0);
  });

  it('predictedLabel breaks ties by label order', () => {
    expect(predictedLabel({ claude: 0.25, codex: 0.25, web: 0.25, agno: 0.25 })).toBe('claude');
    expect(predictedLabel({ claude: 0.1, codex: 0.2, web: 0.3, agno: 0.4 })).toBe('agno');
  });
});
