import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { readExamples, sharedTrigrams, sourceName, stratifiedFolds, wordTrigrams } from './dataset.js';
import type { Example } from './dataset.js';
import { fitPriors, withPriors } from './experiments.js';
import { trainLogisticRegression } from './logistic-regression.js';
import { macroF1 } from './metrics.js';

describe('sourceName', () => {
  it('names the public sets and falls back to the file name', () => {
    expect(sourceName('google-research/google-research/mbpp/mbpp.jsonl#task_id=636')).toBe('mbpp');
    expect(sourceName('stanstarks/nl2bash/data/bash/all.nl#line=3')).toBe('nl2bash');
    expect(sourceName('benediktstroebl/WebVoyager/data/WebVoyager_data.jsonl#id=Amazon--1')).toBe('WebVoyager');
    expect(sourceName('mikejqzhang/SituatedQA/data/id_data/temp.dev.jsonl#1')).toBe('SituatedQA');
    expect(sourceName('realtimeqa/realtimeqa_public/backnumber/2021/20210101_qa.jsonl#3')).toBe('realtimeqa');
    expect(sourceName('openai/grade-school-math/grade_school_math/data/train.jsonl#12')).toBe('gsm8k');
    expect(sourceName('lm-sys/FastChat/fastchat/llm_judge/data/mt_bench/question.jsonl#question_id=81')).toBe(
      'mt_bench',
    );
    expect(sourceName('lm-sys/FastChat/fastchat/llm_judge/data/vicuna_bench/question.jsonl#question_id=1')).toBe(
      'vicuna_bench',
    );
    expect(sourceName('benedictflorance/truthfulqa_experiments/TruthfulQA.csv#row=5')).toBe('TruthfulQA');
    expect(sourceName('handwritten')).toBe('handwritten');
    expect(sourceName('someone/other-set/data/questions.jsonl#7')).toBe('questions');
  });
});

describe('stratifiedFolds', () => {
  const examples: Example[] = Array.from({ length: 40 }, (_, i) => ({
    id: String(i),
    query: `q${i}`,
    label: (['claude', 'codex', 'web', 'agno'] as const)[i % 4]!,
    source: 's',
  }));

  it('is deterministic for a seed and balances labels across folds', () => {
    const a = stratifiedFolds(examples, { folds: 5, seed: 1 });
    expect(stratifiedFolds(examples, { folds: 5, seed: 1 })).toEqual(a);
    expect(stratifiedFolds(examples, { folds: 5, seed: 2 })).not.toEqual(a);
    for (let fold = 0; fold < 5; fold++) {
      for (const label of ['claude', 'codex', 'web', 'agno']) {
        expect(examples.filter((e, i) => a[i] === fold && e.label === label)).toHaveLength(2);
      }
    }
  });
});

describe('trainLogisticRegression', () => {
  it('separates a toy problem and centres the weights', () => {
    // Bucket 1 means class 0, bucket 2 class 1, bucket 3 class 2; bucket 0 is shared noise.
    const examples = [0, 1, 2].flatMap((label) =>
      Array.from({ length: 5 }, () => ({
        indices: Int32Array.of(0, label + 1),
        values: Float32Array.of(1, 1),
        label,
        weight: 1,
      })),
    );
    const model = trainLogisticRegression(examples, { classes: 3, dims: 8, lambda: 1e-3, minCount: 1 });
    for (let label = 0; label < 3; label++) {
      const row = (label + 1) * 3;
      const w = [model.weights[row]!, model.weights[row + 1]!, model.weights[row + 2]!];
      expect(w.indexOf(Math.max(...w))).toBe(label);
      expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
    }
    expect(model.loss).toBeLessThan(0.2);
  });
});

describe('signal priors', () => {
  it('fits a positive offset for a signal that predicts its label', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      logits: Float64Array.of(0.5, 0, 0, 0),
      signals: i % 2 === 0 ? ['diff'] : [],
      gold: i % 2 === 0 ? 1 : 0,
    }));
    const priors = fitPriors(rows);
    expect(priors.diff).toBeGreaterThan(0);
    expect(withPriors(Float64Array.of(0, 0, 0, 0), ['diff'], priors)[1]).toBe(priors.diff);
  });
});

describe('macroF1', () => {
  it('averages per-label F1 over all four labels, counting an absent label as 0', () => {
    const labels = ['claude', 'claude', 'codex', 'codex'] as const;
    const examples: Example[] = labels.map((label, i) => ({ id: String(i), query: '', label, source: 's' }));
    // Predicted: claude, codex, codex, codex. claude P 1, R 0.5, F1 2/3; codex P 2/3, R 1, F1 0.8.
    const logits = [0, 1, 1, 1].map((k) => Float64Array.from([0, 1, 2, 3], (j) => (j === k ? 1 : 0)));
    expect(macroF1(logits, examples, [0, 1, 2, 3])).toBeCloseTo((2 / 3 + 0.8) / 4, 10);
  });
});

describe('handwritten cases', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const dev = readExamples(join(root, 'data/routing/dev.jsonl'), 'dev');
  const handwritten = readExamples(join(root, 'data/routing/handwritten.jsonl'), 'handwritten');

  it('finds shared 3-word runs, ignoring case, punctuation and quote style', () => {
    const trigrams = wordTrigrams(['What’s the capital of France?']);
    expect(sharedTrigrams("WHAT'S THE CAPITAL, of Spain", trigrams)).toEqual(["what's the capital", 'the capital of']);
    expect(sharedTrigrams('the capital city of France', trigrams)).toEqual([]);
  });

  // The first 1592 cases predate this rule (they share common runs such as "what is the"); every case added
  // since shares no 3-word run with a dev item, so none is a copy or a light edit of one.
  it('added after the first 1592 share no 3-word run with a dev item', () => {
    const trigrams = wordTrigrams(dev.map((e) => e.query));
    const overlapping = handwritten.slice(1592).flatMap((e) => {
      const shared = sharedTrigrams(e.query, trigrams);
      return shared.length > 0 ? [`${e.id}: ${shared.join(', ')}`] : [];
    });
    expect(overlapping).toEqual([]);
  });

  it('repeat no query', () => {
    const queries = handwritten.map((e) => e.query.trim().toLowerCase());
    expect(new Set(queries).size).toBe(queries.length);
  });
});

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('train-router main', () => {
  it('writes a header and a weights file that the router loads and scores with', async () => {
    const { main } = await import('./main.js');
    const { loadRouterModel } = await import('../../shared/src/intent/load-model.js');
    const { scoreWithModel } = await import('../../shared/src/intent/model.js');
    const dir = mkdtempSync(join(tmpdir(), 'payready-train-'));
    const out = join(dir, 'candidate.json');
    const log = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await main(['--quick', '--dims-log2', '10', '--out', out, '--report', join(dir, 'report.md')], repoRoot);
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
    expect(statSync(join(dir, 'candidate.weights')).size).toBe(1024 * 4);
    const model = await loadRouterModel(out);
    const scores = scoreWithModel(model, 'write a python function that reverses a list');
    expect(Object.values(scores.probabilities).reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 6);
  }, 60_000);
});
