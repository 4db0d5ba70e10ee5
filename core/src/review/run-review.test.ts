import { describe, expect, it } from 'vitest';
import type { PayReadyConfig } from '@payready/shared';
import { testConfig } from '../testing/test-config.js';
import { createMockAgentPlugin, createMockRegistry, type MockStep } from '../testing/index.js';
import { MalformedFindingsError, runReview } from './run-review.js';

const findings = (items: unknown[]) => ({ text: JSON.stringify({ findings: items }) });

async function review(steps: MockStep[], config?: PayReadyConfig) {
  const agent = createMockAgentPlugin({ name: 'critic', generative: true, steps });
  const registry = createMockRegistry([agent]);
  const text = 'Review this.\n\ndiff --git a/a.js b/a.js';
  const retries: string[] = [];
  const run = runReview({
    registry,
    config: config ?? (await testConfig({ 'routing.max_retries': 0, 'routing.backoff_ms': 1 })),
    query: { prompt: 'Review this.', stdin: 'diff', text },
    text,
    persona: { name: 'reviewer', system: 'You review.', source: 'test' },
    forcedAgent: 'critic',
    signal: new AbortController().signal,
    onRetry: (problem) => retries.push(problem),
  });
  return { agent, run, retries, text };
}

describe('runReview', () => {
  it('returns validated findings, most severe first, from one ask', async () => {
    const { run, agent, retries } = await review([
      findings([
        { severity: 'low', file: 'b.js', line: 2, message: 'naming' },
        { severity: 'critical', file: 'a.js', line: 9, message: 'SQL injection' },
        { severity: 'low', file: 'a.js', line: 1, message: 'typo' },
      ]),
    ]);
    const result = await run;
    expect(result.findings.map((finding) => `${finding.severity} ${finding.file}:${finding.line}`)).toEqual([
      'critical a.js:9',
      'low a.js:1',
      'low b.js:2',
    ]);
    expect(result.asks).toHaveLength(1);
    expect(agent.calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('retries a malformed reply once, sending the reply and the reason back as history', async () => {
    const { run, agent, retries, text } = await review([
      { text: 'The code looks fine overall.' },
      findings([{ severity: 'high', file: 'a.js', line: 3, message: 'bug' }]),
    ]);
    const result = await run;
    expect(result.findings).toEqual([{ severity: 'high', file: 'a.js', line: 3, message: 'bug' }]);
    expect(result.asks).toHaveLength(2);
    expect(retries).toEqual(['the reply contains no JSON object']);
    const retry = agent.calls[1]!.request;
    expect(retry.history).toEqual([
      { role: 'user', content: text },
      { role: 'assistant', content: 'The code looks fine overall.' },
    ]);
    expect(retry.text).toContain('the reply contains no JSON object');
    expect(retry.text).toContain('"findings"');
    expect(retry.persona.system).toBe('You review.');
  });

  it('reports a reply that is malformed twice, without a third ask', async () => {
    const { run, agent } = await review([{ text: 'nope' }, { text: '{"findings": [{"severity": "urgent"}]}' }]);
    await expect(run).rejects.toBeInstanceOf(MalformedFindingsError);
    await expect(run).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining('also after one retry') });
    expect(agent.calls).toHaveLength(2);
  });
});
