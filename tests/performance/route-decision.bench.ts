import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { route } from '@payready/core';
import { intentModelReady, prepareIntent } from '@payready/shared';
import { createMockRegistry } from '@payready/core/testing';
import { createClaudePlugin } from '@payready/plugin-claude';
import { createCodexPlugin } from '@payready/plugin-codex';
import { createWebPlugin } from '@payready/plugin-web';
import { createAgnoPlugin } from '@payready/plugin-agno';
import { createLocalPlugin } from '@payready/plugin-local';
import { repoRoot } from '../test-utils/src/index.js';
import { percentile } from './percentiles.js';
import { sample } from './sampling.js';

// Route decision with the five official agents, as `payready ask` makes it. Budget (issue 2): p50 ≤ 20 µs.
// Reported next to a baseline measured in the same run (sha256 of 1 KB), since absolute µs vary 2x here.
const local = createLocalPlugin();
const registry = createMockRegistry(
  [local, createClaudePlugin(), createCodexPlugin(), createWebPlugin(), createAgnoPlugin()],
  {
    agno: { enabled: true },
  },
);
// The remote agents score with the trained routing model, as after their init() in the CLI.
await prepareIntent();
// The local agent scores by its index: build it over this repository's docs, as `payready ask` in the repo would.
const cacheDir = mkdtempSync(join(tmpdir(), 'payready-bench-'));
const localAgent = registry.get('local');
await local.init!({
  ...localAgent.environment,
  paths: { cacheDir, dataDir: cacheDir, configDir: cacheDir, stateDir: cacheDir, cwd: repoRoot, projectRoot: repoRoot },
});
const queries = [
  'write a python function that reverses a linked list',
  'what is the latest version of node.js?',
  'explain the difference between a mutex and a semaphore',
  'book a table for two at an italian restaurant near me on opentable',
  'how do I configure payready?',
];
const options = { threshold: 0.6, defaultAgent: 'local' };
const kilobyte = 'x'.repeat(1024);

// Each query text is new to the intent scorer's one-entry memo in turn, so this measures real scoring.
sample((index) => route(registry, { prompt: queries[index % 5]!, text: queries[index % 5]! }, options), 2000);
const decision = sample(
  (index) => route(registry, { prompt: queries[index % 5]!, text: queries[index % 5]! }, options),
  20_000,
);
const baseline = sample(() => createHash('sha256').update(kilobyte).digest('hex'), 20_000);
const p50 = percentile(decision, 50);
if (!intentModelReady()) throw new Error('the routing model did not load: this would measure the keyword fallback');
console.log(
  `route decision (5 agents): p50 ${p50.toFixed(2)} µs, p99 ${percentile(decision, 99).toFixed(2)} µs; ` +
    `baseline sha256(1 KB) p50 ${percentile(baseline, 50).toFixed(2)} µs; ratio ${(p50 / percentile(baseline, 50)).toFixed(1)}x; ` +
    `budget p50 ≤ 20 µs: ${p50 <= 20 ? 'met' : 'MISSED'}`,
);

describe('route decision', () => {
  let index = 0;
  bench('route() with five official agents', () => {
    const text = queries[index++ % 5]!;
    route(registry, { prompt: text, text }, options);
  });
  bench('baseline: sha256 of 1 KB', () => {
    createHash('sha256').update(kilobyte).digest('hex');
  });
});
